"""一事多诉: near-duplicate appeals (MinHash fingerprints and LSH bands), candidates and merges."""
