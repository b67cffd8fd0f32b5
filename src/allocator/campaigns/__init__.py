"""The campaign calendar: activities (an offer on a day through a channel) under contact
windows, conflict lags, channel limits, budgets and sales targets. Its face is
`scheduled_offers`, which makes each activity an offer of the plan; its rows, checks and the
import of the public instances live in the modules of this package."""

from allocator.campaigns.activities import Activities, activities_of, scheduled_offers

__all__ = ["Activities", "activities_of", "scheduled_offers"]
