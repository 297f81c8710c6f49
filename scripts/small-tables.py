#!/usr/bin/python3
"""Small public tables against scikit-learn (Debian's python3-sklearn): writes each table's train/test split
as CSV (target column "target") for `topiary autofit --dataset csv:… --test …`, and prints the test score of
scikit-learn's MLP, random forest and histogram gradient boosting on the same split (accuracy % or R² × 100).

    /usr/bin/python3 scripts/small-tables.py OUT_DIR   (Debian's Python, where python3-sklearn is installed)
"""
import json
import os
import sys

from sklearn.datasets import load_breast_cancer, load_diabetes, load_wine
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor, RandomForestClassifier, RandomForestRegressor
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

TABLES = {
    "breast-cancer": (load_breast_cancer, "classification"),
    "wine": (load_wine, "classification"),
    "diabetes": (load_diabetes, "regression"),
}


def write_csv(path, names, x, y):
    with open(path, "w") as f:
        f.write(",".join([*names, "target"]) + "\n")
        for row, t in zip(x, y):
            f.write(",".join(repr(float(v)) for v in row) + f",{t if isinstance(t, str) else repr(float(t))}\n")


def models(task):
    if task == "classification":
        return {"mlp": make_pipeline(StandardScaler(), MLPClassifier(max_iter=2000, random_state=0)),
                "random-forest": RandomForestClassifier(n_estimators=300, random_state=0),
                "hist-gradient-boosting": HistGradientBoostingClassifier(random_state=0)}
    return {"mlp": make_pipeline(StandardScaler(), MLPRegressor(max_iter=5000, random_state=0)),
            "random-forest": RandomForestRegressor(n_estimators=300, random_state=0),
            "hist-gradient-boosting": HistGradientBoostingRegressor(random_state=0)}


def main(out):
    os.makedirs(out, exist_ok=True)
    results = {}
    for name, (load, task) in TABLES.items():
        data = load()
        names = [str(n).replace(" ", "_") for n in data.feature_names]
        x_train, x_test, y_train, y_test = train_test_split(data.data, data.target, test_size=0.25, random_state=0,
                                                            stratify=data.target if task == "classification" else None)
        # Classes as words, so the CSV reader takes the target as categorical.
        label = (lambda ys: [f"class{int(v)}" for v in ys]) if task == "classification" else (lambda ys: ys)
        write_csv(os.path.join(out, f"{name}-train.csv"), names, x_train, label(y_train))
        write_csv(os.path.join(out, f"{name}-test.csv"), names, x_test, label(y_test))
        scores = {m: 100 * model.fit(x_train, y_train).score(x_test, y_test) for m, model in models(task).items()}
        results[name] = {"task": task, "train": len(y_train), "test": len(y_test), "scores": scores}
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "small-tables")
