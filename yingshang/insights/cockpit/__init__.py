"""The leaders' cockpit: one screen over the rollups, warnings and 一事多诉 groups."""
