"""A priced choice made into a plan that keeps every constraint: RMs filled within their limits
(assignment LP, places, minimum loads, continuity, room for mandatory customers), offers
dropped or added until every row holds, then a local search on the RM assignments."""
