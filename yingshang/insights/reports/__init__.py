"""每月一题, KPI bulletins (web/DOCX/PDF) and the daily rollups the cockpit reads."""
