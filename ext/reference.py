"""Plain-Python twins of the compiled kernels, with the same names and signatures.

They are the test oracle and the benchmark baseline; the product never calls them at run time.
"""

from ext._reference_erlang import *  # noqa: F401,F403
from ext._reference_smoothing import *  # noqa: F401,F403
from ext._reference_week_dp import *  # noqa: F401,F403
