"""Early-warning detectors on a dense count cube (pure numpy/scipy, no Django).

The cube holds daily counts for every node of the label tree × district, plus a city-wide column,
built by summing leaf × district counts up the tree (tree.py, cube.py). methods.py holds the detectors
(EARS C1/C2/C3, a seasonal regression baseline with a quasi-Poisson day test, a same-weeks-of-earlier-years
seasonal baseline, a 3–7-day negative-binomial window test, a negative-binomial CUSUM, a likelihood-ratio test
for emerging issues and Kulldorff's space-time permutation scan); pipeline.py
chooses a method per series, runs them, merges consecutive alarm days into episodes and rolls
episodes up the label tree. simulate.py and evaluate.py are the ground truth the thresholds were
tuned on.
"""

from .cube import SeriesCube, build_series_cube, leaf_day_counts
from .pipeline import DetectedWarning, DetectionParameters, DetectionResult, detect
from .tree import LabelTree

__all__ = [
    "DetectedWarning", "DetectionParameters", "DetectionResult", "LabelTree", "SeriesCube", "build_series_cube", "detect",
    "leaf_day_counts",
]
