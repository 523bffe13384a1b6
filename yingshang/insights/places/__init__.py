"""一地多诉: the address normaliser, places of appeals and their clusters."""
