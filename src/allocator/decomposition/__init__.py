"""The large-book path: Lagrangian decomposition of the allocation problem.

- `coupling`: the rows the search prices instead of enforcing, and their pricing and usage;
- `coupling_rows`: those rows read from the formulation;
- `subproblems`: each customer's and each tier's best choice at given prices;
- `search/`: the multipliers (subgradient, bundle, regional LP prices, a sample's prices,
  branching on the packages) and when the search stops;
- `repair/`: a priced choice made into a plan that keeps every row (RM assignment, places,
  minimum loads, continuity, local search);
- `parts/`: a book in parts (the files of a partitioned table), here or on a Dask cluster.

Its face is `decompose`: a valued book in, the best repaired plan and a certified bound out.
Its own linear and quadratic programs (the regional LPs, the bundle's model, the assignment
LP) run on LP_SOLVER, whatever `solver.backend` names for the exact path.
"""

from allocator.decomposition.decomposed import LP_SOLVER, LP_VERSION, Decomposed
from allocator.decomposition.solve import decompose

__all__ = ["LP_SOLVER", "LP_VERSION", "Decomposed", "decompose"]
