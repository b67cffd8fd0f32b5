"""Propensity, PD and churn models: calibrated classifiers trained on historical outcomes.

Each model of a scenario's `models` section is fitted on a stratified share of the labelled rows,
measured on the held-out rest (AUC, Brier score, a calibration table by decile of predicted
probability), and then scores every customer; the probability becomes the customer column named
by the model's key. Calibration is isotonic, cross-fitted on the training rows, so a predicted
0.2 means about one in five. scikit-learn is loaded when a model is fitted, not with the
package: most scenarios fit none.
"""

from __future__ import annotations

import typing
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from allocator.errors import UserError, did_you_mean
from allocator.scenario.data_schema import ModelSpec

if TYPE_CHECKING:
    from sklearn.pipeline import Pipeline

METHODS: tuple[str, ...] = typing.get_args(ModelSpec.model_fields["method"].annotation)
"""The methods a model is fitted by (models.*.method): logistic, gradient_boosting."""
MIN_LABELLED = 100
CALIBRATION_BINS = 10


@dataclass(frozen=True)
class FitReport:
    column: str
    target: str
    method: str
    trained_on: int
    held_out: int
    base_rate: float
    auc: float
    brier: float
    calibration: pd.DataFrame
    """Held-out rows by decile of predicted probability: customers, mean predicted, observed."""

    def describe(self) -> dict[str, Any]:
        return {"column": self.column, "target": self.target, "method": self.method,
                "trained_on": self.trained_on, "held_out": self.held_out,
                "base_rate": self.base_rate, "auc": self.auc, "brier": self.brier,
                "calibration": self.calibration.to_dict(orient="records")}


def fit_models(customers: pd.DataFrame, models: dict[str, ModelSpec], label: str
               ) -> tuple[pd.DataFrame, tuple[FitReport, ...]]:
    """The customer table with one predicted column per model, and each model's report."""
    out, reports = (customers.copy() if models else customers), []  # no copy of a wide book
    for column, spec in models.items():
        predicted, report = fit_one(out, column, spec, label)
        out[column] = predicted
        reports.append(report)
    return out, tuple(reports)


def fit_one(customers: pd.DataFrame, column: str, spec: ModelSpec, label: str
            ) -> tuple[np.ndarray, FitReport]:
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.metrics import brier_score_loss, roc_auc_score
    from sklearn.model_selection import train_test_split

    outcome = _outcome(customers, column, spec, label)
    features = customers[spec.features]
    labelled = np.flatnonzero(outcome.notna().to_numpy())
    y = outcome.iloc[labelled].astype(int).to_numpy()
    if len(labelled) < MIN_LABELLED or len(np.unique(y)) < 2:
        raise UserError.said("model_too_few_rows", label=label, column=column,
                             target=spec.target, rows=len(labelled),
                             outcomes=len(np.unique(y)), least=MIN_LABELLED)
    train, test = train_test_split(labelled, test_size=spec.test_share, stratify=y,
                                   random_state=spec.seed)
    model = CalibratedClassifierCV(_estimator(features, spec), method="isotonic", cv=3)
    model.fit(features.iloc[train], outcome.iloc[train].astype(int))
    held = model.predict_proba(features.iloc[test])[:, 1]
    truth = outcome.iloc[test].astype(int).to_numpy()
    report = FitReport(column, spec.target, spec.method, len(train), len(test),
                       float(y.mean()), float(roc_auc_score(truth, held)),
                       float(brier_score_loss(truth, held)), calibration_table(truth, held))
    return np.clip(model.predict_proba(features)[:, 1], 0.0, 1.0), report


def calibration_table(truth: np.ndarray, predicted: np.ndarray) -> pd.DataFrame:
    """Deciles of predicted probability: customers, mean predicted and observed rate."""
    ranks = pd.Series(predicted).rank(method="first")
    bins = pd.qcut(ranks, min(CALIBRATION_BINS, len(predicted)), labels=False)
    frame = pd.DataFrame({"bin": bins + 1, "predicted": predicted, "observed": truth})
    return frame.groupby("bin", as_index=False).agg(
        customers=("observed", "size"), predicted=("predicted", "mean"),
        observed=("observed", "mean"))


def _outcome(customers: pd.DataFrame, column: str, spec: ModelSpec, label: str) -> pd.Series:
    missing = [name for name in (spec.target, *spec.features) if name not in customers]
    if missing:
        hints = "; ".join(f"'{m}'{did_you_mean(m, list(customers.columns))}" for m in missing)
        raise UserError.said("model_columns", label=label, column=column, hints=hints)
    raw = customers[spec.target]
    if raw.dtype == object or pd.api.types.is_string_dtype(raw):
        words = raw.astype(str).str.strip().str.lower()
        flags = words.map({"yes": 1.0, "true": 1.0, "1": 1.0, "no": 0.0, "false": 0.0,
                           "0": 0.0})
        return flags.where(raw.notna())
    values = pd.to_numeric(raw, errors="coerce")
    odd = values.notna() & ~values.isin([0, 1])
    if odd.any():
        raise UserError.said("model_target_values", label=label, column=column,
                             target=spec.target, rows=int(odd.sum()))
    return values.astype(float)


def _estimator(features: pd.DataFrame, spec: ModelSpec) -> Pipeline:
    from sklearn.compose import ColumnTransformer
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.impute import SimpleImputer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline, make_pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    text = [n for n in features.columns if not pd.api.types.is_numeric_dtype(features[n])]
    numbers = [n for n in features.columns if n not in text]
    numeric_steps: list[Any] = [SimpleImputer(strategy="median")]
    if spec.method == "logistic":
        numeric_steps.append(StandardScaler())
    encode = ColumnTransformer([
        ("numbers", make_pipeline(*numeric_steps), numbers),
        ("text", OneHotEncoder(handle_unknown="ignore", min_frequency=20,
                               sparse_output=False), text),
    ])
    if spec.method == "logistic":
        classifier: Any = LogisticRegression(max_iter=2000)
    else:
        classifier = HistGradientBoostingClassifier(random_state=spec.seed, max_iter=200,
                                                    learning_rate=0.08)
    return Pipeline([("encode", encode), ("classify", classifier)])
