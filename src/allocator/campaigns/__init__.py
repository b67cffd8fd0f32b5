"""The campaign calendar: activities (an offer on a day through a channel) under contact
windows, conflict lags, channel limits, budgets and sales targets. Its face is
`scheduled_offers`, which makes each activity an offer of the plan. Its modules: activities
(the rules' coverage, windows, conflicts), rows (the families' rows on the exact path), checks
(the checker's measurement), calendar_tables and charts (reports), timeline (explain),
bigler (the import of the public customer-assignment instances)."""

from allocator.campaigns.activities import Activities, activities_of, scheduled_offers

__all__ = ["Activities", "activities_of", "scheduled_offers"]
