"""India: 6-digit PIN after the city or state ("Mumbai - 400001", "Bengaluru 560 001"), nagar/marg/sector,
Shri/Smt, rupees, day-first dates."""

from .base import Locale, alt

STATES = ("Andhra Pradesh", "Assam", "Bihar", "Chhattisgarh", "Delhi", "Goa", "Gujarat", "Haryana",
          "Himachal Pradesh", "Jharkhand", "Karnataka", "Kerala", "Madhya Pradesh", "Maharashtra", "Odisha",
          "Punjab", "Rajasthan", "Tamil Nadu", "Telangana", "Uttar Pradesh", "Uttarakhand", "West Bengal")
CITIES = ("Mumbai", "New Delhi", "Delhi", "Bengaluru", "Bangalore", "Chennai", "Kolkata", "Hyderabad", "Pune",
          "Ahmedabad", "Jaipur", "Lucknow", "Kochi", "Noida", "Gurugram", "Gurgaon", "Chandigarh", "Indore",
          "Bhopal", "Nagpur", "Thane", "Surat", "Vadodara", "Coimbatore", "Mysuru", "Mysore", "Patna")

LOCALE = Locale(
    code="IN",
    name="India",
    postcode=(r"(?:\b(?:PIN(?:\s*code)?|" + alt(CITIES + STATES) + r")\b[\s,:.\u2013-]*)(?<!\d)(\d{3}\s?\d{3})(?![\d-])"),
    regions=STATES,
    country_names=("India",),
    street_words=("Nagar", "Marg", "Colony", "Sector", "Gali", "Chowk", "Layout", "Enclave",
                  "Vihar", "Society", "Apartments", "Road", "Rd"),
    # "5th Cross", "2nd Main" (Bengaluru): ordinal + word, never the bare word (a surname elsewhere)
    unit_patterns=(r"\b\d+(?:st|nd|rd|th)\s+(?:Cross|Main)\b", r"\bFlat\s+No\.?\s*\w+", r"\bH\.?\s?No\.?\s*[\d/-]+", r"\bPlot\s+No\.?\s*\w+"),
    titles=("shri", "shree", "sri", "smt", "kumari", r"km\.(?=\s)"),
    currency=(r"₹|\bINR\b|\bRs\.?\s?\d",),
    given_names=("Rajesh", "Suresh", "Ramesh", "Priya", "Anjali", "Amit", "Sunita", "Vijay", "Deepak", "Pooja",
                 "Rahul", "Neha", "Arjun", "Lakshmi"),
    company_words=(r"\b(?:pvt|private\s+limited|nigam|vidyut|discom)\b",),
    date_order="DMY",
)
