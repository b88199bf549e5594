"""From a practitioner's own words to NG76 alerting features: see ``mapper.py``."""
