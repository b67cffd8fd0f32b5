"""The search for the multipliers: a subgradient and bundle method over the coupling rows'
prices, exact LP prices for the rows local to a component (a connected component of the
customer-RM graph), starting prices from a sample of the book, branching on the tier packages,
and the rules that stop it."""
