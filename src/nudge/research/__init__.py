"""The research toolkit: ``nudge eval`` (:mod:`nudge.research.evaluate`), its metrics,
dataset readers, obfuscation suites and the scoring calibration
(``python -m nudge.research.calibrate``).

It is a subpackage so that ``import nudge`` on the posting path does not load it; the
command line and :func:`nudge.evaluate` import it on first use.

>>> import sys, nudge
>>> from nudge.research import evaluate
>>> callable(evaluate.evaluate) and "nudge.research.evaluate" in sys.modules
True
"""
