"""A count of one in the catalogue's English: "1 customer needs", never "1 customers need".

Where a message's English puts a count before a plural noun, ONE_EN names the field of the
count and the passages of the English that change when it is one, each with its words said of
one (1 written for the count). `in_number` says them so wherever that field is 1, in the
reports' messages (report/language.py) and the errors' (report/error_words.py) alike; any other
count, 0 included, keeps the message as written. Chinese has no plural: its message serves
every count.
"""

from __future__ import annotations

from collections.abc import Mapping

ONE_TIER = {"for tiers {tiers}, but their": "for tier {tiers}, but its",
            "the tiers' grades": "the tier's grades"}
"""A shortfall of mandatory tiers' RMs said of one tier (its count said of one before it)."""

ONE_EN: dict[str, dict[str, dict[str, str]]] = {
    # what the book cannot give (readiness_words.py)
    "ready_short_places": {"count": {"their {count} customers in these regions are":
                                     "their 1 customer in these regions is"},
                           "tier_count": ONE_TIER},
    "ready_short_places_soft": {"count": {"their {count} customers in these regions are":
                                          "their 1 customer in these regions is",
                                          "covering them all": "covering the customer"},
                                "tier_count": ONE_TIER},
    "ready_short_hours": {"count": {"their {count} customers in these regions need":
                                    "their 1 customer in these regions needs"},
                          "tier_count": ONE_TIER},
    "ready_short_hours_soft": {"count": {"their {count} customers in these regions need":
                                         "their 1 customer in these regions needs",
                                         "covering them all": "covering the customer"},
                               "tier_count": ONE_TIER},
    "ready_idle_grade": {"customers": {
        "the {customers} customers they serve today move to other RMs":
            "the 1 customer they serve today moves to another RM"}},
    "ready_rm_no_hours": {
        "hours": {"{hours} capacity hours": "1 capacity hour"},
        "customers": {"each of {customers} customers it serves today (incumbent_rm) needs of it "
                      "alone: they move to other RMs or to none, moves forced":
                      "the 1 customer it serves today (incumbent_rm) needs of it alone: the "
                      "customer moves to another RM or to none, a move forced"}},
    "ready_rm_no_book": {"customers": {
        "the {customers} customers it serves today (incumbent_rm) move to other RMs or to "
        "none, moves forced":
            "the 1 customer it serves today (incumbent_rm) moves to another RM or to none, a "
            "move forced"}},
    "ready_departed_rms": {
        "customers": {"they name": "it names",
                      "They have no RM to keep: each gets": "It has no RM to keep: it gets",
                      "else none, moves forced": "else none, a move forced"},
        "rms": {"the {rms} RMs": "the 1 RM"}},
    # what verify finds broken (violation_words.py)
    "copy_column_differs": {"count": {"{count} customers": "1 customer"}},
    "tiers_recomputed": {"count": {
        "{count} customers' tiers in {where} are not those":
            "1 customer's tier in {where} is not the one"}},
    "tiers_not_in_raw_data": {"count": {"{count} customers in {where} are":
                                        "1 customer in {where} is"}},
    "tiers_missing": {"count": {"{count} customers of the raw data are":
                                "1 customer of the raw data is"}},
    "package_holders": {"count": {"{count} customers in {where} hold":
                                  "1 customer in {where} holds"}},
    "calendar_window_over": {"count": {"{count} contacts": "1 contact"}},
    "calendar_pair_conflict": {"gap": {"{gap} days apart": "1 day apart"},
                               "lag": {"wants {lag} days": "wants 1 day"}},
    # the commands' lines (command_words.py, language.py, compare_words.py)
    "valid_line": {"customers": {"{customers} customers": "1 customer"},
                   "rms": {"{rms} RMs": "1 RM"}, "offers": {"{offers} offers": "1 offer"},
                   "pairs": {"{pairs} customer-RM pairs": "1 customer-RM pair"},
                   "offer_pairs": {"{offer_pairs} customer-offer pairs":
                                   "1 customer-offer pair"}},
    "generate_wrote": {"customers": {"{customers:,} customers": "1 customer"},
                       "rms": {"{rms:,} RMs": "1 RM"}, "offers": {"{offers} offers": "1 offer"}},
    "status_generating": {"customers": {"{customers:,} customers": "1 customer"}},
    "verify_passed": {"limits": {"{limits} limits": "1 limit"}},
    "verify_sweep_failed": {"points": {"{points} points": "1 point"}},
    "run_past_limit": {"customers": {"{customers} customers": "1 customer"}},
    "rm_cost_line": {"rms": {"the {rms} RMs": "the 1 RM"}},
    "runs_none_read": {"count": {"holds {count} runs, none of which could be read":
                                 "holds 1 run, which could not be read"}},
    "compare_books": {"both": {"{both} customers in both": "1 customer in both"}},
    "compare_display_only": {"count": {"{count} differences, all in": "1 difference, in"}},
    "compare_free_hint": {"free": {
        "{free} RM changes were free: the lever does not need them":
            "1 RM change was free: the lever does not need it",
        "to keep them, so that only": "to keep it, so that only"}},
    "compare_free_hint_books": {"free": {
        "{free} RM changes were free: B does not need them":
            "1 RM change was free: B does not need it",
        "to keep them, so that only": "to keep it, so that only"}},
    # the committee paper (paper_words.py)
    "a_generated": {"customers": {"{customers:,} customers": "1 customer"}},
    "a_moves": {"count": {"{count:,} customers": "1 customer"}},
    "a_days": {"days": {"{days:,} days": "1 day"}},
    "a_years": {"years": {"{years} years": "1 year"}},
    "a_channel": {"count": {"{count:,} contacts": "1 contact"}},
    "a_conflict": {"lag": {"{lag:,} days": "1 day"}},
    "a_contacts_every": {"max": {"{max:,} contacts": "1 contact"},
                         "days": {"every {days:,} days": "every day"}},
    "a_contacts_rolling": {"max": {"{max:,} contacts": "1 contact"},
                           "days": {"in any {days:,} days": "in any one day"}},
    "a_contacts_whole": {"max": {"{max:,} contacts": "1 contact"}},
    "a_swept_range": {"points": {"{points} points": "1 point"}},
    "a_swept_values": {"points": {"{points} points": "1 point"}},
    "card_rm_cost": {"years": {"{years} years": "1 year"}},
    "worth_means": {"horizon": {"{horizon} years": "1 year"}},
    "worth_means_no_rms": {"horizon": {"{horizon} years": "1 year"}},
    "worth_rm_priced": {"horizon": {"{horizon} years": "1 year"}},
    "coverage_line": {"customers": {"{customers:,} customers have": "1 customer has"}},
    "moves_line": {
        "kept": {"{kept:,} customers keep": "1 customer keeps"},
        "moved": {"{moved:,} move to": "1 moves to"},
        "new": {"{new:,} get an RM": "1 gets an RM"},
        "dropped": {"{dropped:,} lose theirs": "1 loses theirs"},
        "reassigned": {"{reassigned:,} reassignments: customers who leave an RM":
                       "1 reassignment: a customer who leaves an RM"},
        "forced": {"{forced:,} who leave their RM are forced moves":
                   "1 who leaves their RM is a forced move"}},
    "loss_offer_minimum": {"count": {"{count} offers are": "1 offer is"},
                           "limit": {"({limit} offers)": "(1 offer)"}},
    "loss_tier_budget_floor": {"count": {"{count} offers are": "1 offer is"}},
    "loss_unforced": {"count": {"{count} offers are": "1 offer is"}},
    "watch_dropped": {"count": {"{count:,} customers": "1 customer",
                                ") lose the RM": ") loses the RM"}},
    "watch_uncovered": {"count": {"{count:,} customers": "1 customer", "have no RM": "has no RM"}},
    "watch_more": {"count": {"{count} more limits": "1 more limit"}},
    # the drivers and the causes of a shortfall (driver_words.py, cause_words.py)
    "drivers_more": {"count": {"{count} more are": "1 more is"}},
    "grade_price": {"hours": {"{hours} hours": "1 hour"}, "rms": {"{rms} RMs": "1 RM"}},
    "grade_price_range": {"hours": {"{hours} hours": "1 hour"}},
    "step_no_plan_in_iterations": {"iterations": {"{iterations} iterations": "1 iteration"}},
    "steps_rerun": {"iterations": {"{iterations} iterations": "1 iteration"}},
    "steps_rerun_no_rms": {"iterations": {"{iterations} iterations": "1 iteration"}},
    "steps_on_clock": {"steps": {"{steps} step re-runs stopped on their":
                                 "1 step re-run stopped on its"}},
    "multipliers_settled": {"count": {"left short of their best": "left short of its best",
                                      "gap) are moved": "gap) is moved"}},
    "cause_few_takers": {"count": {"{count} customers can": "1 customer can"}},
    "timeline_window": {"most": {"{most} contacts": "1 contact"}},
    # a run's and a sweep's result lines (result_words.py)
    "base_incumbent_rm+reference": {"customers": {"{customers:,} customers": "1 customer"}},
    "base_reference": {"customers": {"{customers:,} customers": "1 customer"}},
    "base_line": {"changes": {"{changes:,} changes": "1 change"},
                  "undone": {"{undone:,} were undone": "1 was undone"}},
    "infeasible_intro_sample": {"customers": {"{customers:,} customers": "1 customer"}},
    "still_within": {"pairs": {
        "{pairs} changes between neighbouring points remain within tolerance: read them":
            "1 change between neighbouring points remains within tolerance: read it"}},
    "tightened_note": {"points": {"{points} points differed": "1 point differed",
                                  "than their noise band and were": "than its noise band and was"},
                       "rounds": {"up to {rounds} times": "once"}},
    "tight_reached_note": {"points": {"{points} re-solved points": "1 re-solved point"}},
    "sweep_resumed_none_reused": {"total": {"none of its {total} points was":
                                            "its 1 point was not"}},
    "sweep_resumed_reused": {"reused": {"were finished and are": "was finished and is"},
                             "total": {"{total} points": "1 point"}},
    "sweep_resumed_planned": {"planned": {"{planned} are": "1 is"}},
    # errors (error_words.py and the *_error_words.py it merges)
    "scenario_errors": {"count": {"{count} errors": "1 error"}},
    "want_more_items": {"limit": {"{limit} items": "1 item"}},
    "want_fewer_items": {"limit": {"{limit} items": "1 item"}},
    "want_longer_text": {"limit": {"{limit} characters": "1 character"}},
    "want_shorter_text": {"limit": {"{limit} characters": "1 character"}},
    "base_other_book": {"customers": {"none of its {customers} customers is":
                                      "its 1 customer is not"}},
    "compare_no_shared_customer": {"count_a": {"{count_a} customers": "1 customer"}},
    "generated_book": {"customers": {"{customers:,} customers": "1 customer"}},
    "offers_given_twice": {"count": {"the {count} offers {offers} are":
                                     "offer {offers} is"}},
    "copy_rows": {"found": {"{found} rows": "1 row"}},
    "sheet_rows_differ": {"rows": {"{rows} rows": "1 row"}},
    "formula_not_computed": {"count": {"in {count} of its cells (rows {rows})":
                                       "in one of its cells (row {rows})"}},
    "raw_part_count": {"count": {"{count} files": "1 file"}},
    "raw_server_rows": {"rows": {"{rows} rows": "1 row"}},
    "rfm_columns": {"rows": {"{rows} rows have": "1 row has"}},
    "model_target_values": {"rows": {"{rows} rows hold": "1 row holds"}},
    "model_too_few_rows": {"rows": {"{rows} labelled rows": "1 labelled row"}},
    "no_customer_left": {"excluded": {"all {excluded} rows are": "its 1 row is"}},
    # a column's wrong rows (book/validation.py)
    "data_huge": {"rows": {"{rows} rows are": "1 row is"}},
    "data_dates": {"rows": {"{rows} rows hold dates or times, not numbers":
                            "1 row holds a date or time, not a number"}},
    "data_not_numbers": {"rows": {"{rows} rows are not numbers": "1 row is not a number"}},
    "data_decimal_commas": {"rows": {"{rows} rows are not numbers": "1 row is not a number"}},
    "data_spaced_thousands": {"rows": {"{rows} rows are not numbers": "1 row is not a number"}},
    "data_not_flags": {"rows": {"{rows} rows are not yes/no values":
                                "1 row is not a yes/no value"}},
    "data_no_value": {"rows": {"{rows} rows have": "1 row has"}},
    "data_repeated_id": {"rows": {"{rows} rows repeat": "1 row repeats"}},
    "data_control_characters": {"rows": {"{rows} rows hold": "1 row holds"}},
    "data_too_long": {"rows": {"{rows} rows hold": "1 row holds"}},
    "data_negative": {"rows": {"{rows} rows are": "1 row is"}},
    "data_negative_hours": {"rows": {"{rows} rows are": "1 row is"}},
    "data_outside": {"rows": {"{rows} rows are": "1 row is"}},
    "data_outside_whole": {"rows": {"{rows} rows are not whole numbers":
                                    "1 row does not hold a whole number"}},
    "data_unknown_customer": {"rows": {"{rows} rows name": "1 row names"}},
    "data_unknown_rm": {"rows": {"{rows} rows name": "1 row names"}},
    "data_repeated_pair": {"rows": {"{rows} rows repeat": "1 row repeats"}},
    "instance_repeated_pairs": {"count": {"{count} lines give": "1 line gives"}},
    "data_unknown_previous_tier": {"rows": {"{rows} rows name previous tiers":
                                            "1 row names a previous tier"}},
}
"""Message key -> the field of a count -> {passage of the English: the passage said of one}."""
ONE_EN.update({f"{key}_scaled": ONE_EN[key] for key in ("ready_rm_no_hours",
                                                       "ready_rm_no_book")})  # same passages


def in_number(key: str, english: str, fields: Mapping[str, object]) -> str:
    """The English `english` of message `key` with the passages of each count in `fields`
    that is 1 (a number, or the text a count is shown as) said of one (ONE_EN)."""
    for count, passages in ONE_EN.get(key, {}).items():
        if str(fields.get(count)) == "1":
            for passage, one in passages.items():
                english = english.replace(passage, one)
    return english
