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
                  "Faubourg", "Fbg", "Passage", "Voie", "Sentier",
                  # named residences and estates ("Le Clos des Vignes", "Domaine des Pins", "Cité Jardin")
                  "Clos", "Domaine", "Lotissement", "Cité", "Cite"),
    unit_patterns=(r"\b(?:Bât|Bat|Bâtiment|Batiment)\.?\s*\w+", r"\b(?:Appt|Apt)\.?\s*\w+", r"\bEsc\.?\s*\w+",
                   r"\bÉtage\b|\bEtage\b", r"\bBP\s*\d+", r"\bCS\s*\d+"),
    titles=(r"m\.(?=\s)", "mme", "mlle", "monsieur", "madame", "mademoiselle", r"mme\s+ou\s+m(?:r)?", r"m\.?\s+ou\s+mme",
            r"mr?\.?\s+et\s+mme", r"monsieur\s+et\s+madame"),
    name_particles=("et", "de", "du", "des", "le", "la", "d'"),
    currency=(r"€|EUR",),
    markers=(r"\b(?:rue|avenue|boulevard|cedex|facture|titulaire|échéance|montant|TTC|TVA)\b",),
    given_names=("Jean", "Pierre", "Marie", "Nathalie", "Isabelle", "Philippe", "Michel", "Sophie", "Camille",
                 "Jérôme", "Maëlle", "Nicolas", "Julien", "Céline"),
    company_words=(r"\b(?:banque|crédit|credit|énergie|energie|électricité|electricite|eaux|gaz|télécom|telecom|"
                   r"assurances?|mutuelle|sarl|sas|sasu|eurl)\b",),
    date_order="DMY",
    address_order="postcode-before-town",
    name_labels=(r"titulaire\s*du\s*contrat", r"titulaire\s*du\s*compte", r"titulaire", r"nom\s*du\s*client",
                 r"destinataire", r"factur[ée]e?s?\s*[àa]"),
    address_labels=(r"adresse\s*de\s*(?:facturation|livraison|correspondance)", r"lieu\s*de\s*consommation",
                    r"adresse"),
    sum_labels=(
        ("header", r"\b(?:d[ée]signation|quantit[ée]|qt[ée]|prix\s*unitaire|p\.?u\.?|montant|libell[ée])\b"),
        ("count", r"\bnombre\s*d'?articles\b"),
        ("tax_included", r"\b(?:dont\s*tva|tva\s*incluse|ttc)\b"),
        ("subtotal", r"\b(?:sous[\s-]*total|total\s*h\.?t\.?|montant\s*h\.?t\.?|hors\s*taxes?|net\s*h\.?t\.?)\b"),
        ("rounding", r"\barrondi\b"),
        ("discount", r"\b(?:remise|rabais|r[ée]duction|escompte)\b"),
        ("service", r"\bservice\b"),
        ("tax", r"\b(?:tva|t\.v\.a\.?|taxes?)\b"),
        ("change", r"\b(?:rendu|monnaie\s*rendue|[àa]\s*rendre)\b"),
        ("tendered", r"\b(?:esp[èe]ces|re[çc]u|carte\s*bancaire|cb)\b"),
        ("previous_balance", r"\b(?:solde\s*pr[ée]c[ée]dent|report\s*(?:de\s*)?solde|ancien\s*solde)\b"),
        ("payment", r"\b(?:r[èe]glements?|paiements?\s*re[çc]us?|acomptes?|d[ée]j[àa]\s*pay[ée])\b"),
        ("new_charges", r"\b(?:montant\s*de\s*la\s*facture|nouvelles?\s*factur)\b"),
        ("due", r"\b(?:net\s*[àa]\s*payer|montant\s*[àa]\s*payer|reste\s*[àa]\s*payer|solde\s*[àa]\s*payer|"
                r"montant\s*d[ûu]|nouveau\s*solde)\b"),
        ("total", r"\b(?:total(?:\s*ttc)?|montant\s*(?:total|ttc|[àa]\s*payer|d[ûu])|net\s*[àa]\s*payer|"
                  r"reste\s*[àa]\s*payer|solde\s*[àa]\s*payer)\b"),
    ),
)
