"""France: "75009 PARIS" (postcode before the town, often upper case, CEDEX for companies), rue/avenue,
Mme/M. titles, day-first dates, euros."""

from .base import Locale

LOCALE = Locale(
    code="FR",
    name="France",
    postcode=r"(?<![\d,.])((?:0[1-9]|[1-8]\d|9[0-8])\d{3})\s+[A-ZÀ-Ÿ][A-Za-zÀ-ÿ' -]+",
    postcode_case_sensitive=True,
    country_names=("France",),
    street_words=("Rue", "Avenue", "Av", "Boulevard", "Bd", "Bld", "Chemin", "Allée", "Allee", "Impasse", "Quai",
                  "Place", "Cours", "Route", "Rte", "Square", "Résidence", "Residence", "Lieu-dit", "Hameau",
                  "Faubourg", "Fbg", "Passage", "Voie", "Sentier"),
    unit_patterns=(r"\b(?:Bât|Bat|Bâtiment|Batiment)\.?\s*\w+", r"\b(?:Appt|Apt)\.?\s*\w+", r"\bEsc\.?\s*\w+",
                   r"\bÉtage\b|\bEtage\b", r"\bBP\s*\d+", r"\bCS\s*\d+"),
    titles=(r"m\.(?=\s)", "mme", "mlle", "monsieur", "madame", "mademoiselle", r"mme\s+ou\s+m(?:r)?", r"m\s+ou\s+mme",
            r"m\s+et\s+mme", r"mr\s+et\s+mme"),
    name_particles=("et", "de", "du", "des", "le", "la", "d'"),
    currency=(r"€|EUR",),
    markers=(r"\b(?:rue|avenue|boulevard|cedex|facture|titulaire|échéance|montant|TTC|TVA)\b",),
    given_names=("Jean", "Pierre", "Marie", "Nathalie", "Isabelle", "Philippe", "Michel", "Sophie", "Camille",
                 "Jérôme", "Maëlle", "Nicolas", "Julien", "Céline"),
    date_order="DMY",
    address_order="postcode-before-town",
    name_labels=(r"titulaire\s*du\s*contrat", r"titulaire\s*du\s*compte", r"titulaire", r"nom\s*du\s*client",
                 r"destinataire"),
    address_labels=(r"adresse\s*de\s*(?:facturation|livraison|correspondance)", r"lieu\s*de\s*consommation",
                    r"adresse"),
)
