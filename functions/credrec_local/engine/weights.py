"""The extraction's scoring weights, named (one typed table instead of bare numbers in the rules).

A holder candidate's score adds its *origin* (how it was found), the name shape
(``patterns.name_score``, 0..1), the address quality (``extract._address_quality``, 0..1) and the
page-level adjustments below; the highest score wins. The values were set on generated bills and on
the real development documents (``tests/bench/real.py``); change them with both benchmarks at hand.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ExtractionWeights:
    # --- origin of a holder candidate
    name_label: float = 1.5  # "Account holder: …", "Bill to", "Policyholder(s)": a label beats geometry
    address_label_with_name: float = 1.0  # "Mailing address" over a name + address block
    address_label_only: float = 0.9  # "Service address: …" (an address without a name)
    window_block: float = 0.6  # an unlabelled name over an envelope-window address stack
    # --- position and label form
    low_on_page: float = 0.3  # labelled candidate in the bottom 30 % (payment slips, footers)
    window_low_on_page: float = 0.25  # window block in the bottom half
    generic_label_below: float = 0.2  # "Customer" / "Name" with the value on the next line (a table head)
    # --- address quality (``_address_quality``)
    address_evidence: float = 0.4  # share given to the best line's address evidence
    terminal_line: float = 0.6  # the stack ends in a postcode / region / country line
    single_line_factor: float = 0.6  # one line without a terminal line is weak
    # --- page-level evidence (``_adjust_for_page``)
    issuer_word_in_name: float = 1.0  # the candidate shares a word with the issuer: an organisation
    name_repeated: float = 0.25  # the same person is printed elsewhere on the page


WEIGHTS = ExtractionWeights()
