#!/usr/bin/env python3
"""Rebuilds schemas/experiment.schema.json from the validator's option tables, transcribed from Sources/.

The option tables below mirror the `OptionSchema`s of the learners, the schedule, the CV schemes, the search
strategies, the pruning rules and the synthetic generators; the script keeps the schema's hand-written `$defs`
(domains, scalars) and regenerates the rest. After changing an option in Sources/, change it here, run
`python3 scripts/generate-schema.py`, then `python3 scripts/check-schema.py`.
"""
import json
import os
import sys

PATH = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "schemas", "experiment.schema.json")
INT_MAX = 2**63 - 1
old = json.load(open(PATH))
D = old["$defs"]


def ref(name):
    return {"$ref": f"#/$defs/{name}"}


# ---------------------------------------------------------------- option kinds

def real(lo=None, lo_incl=True, hi=None, hi_incl=True):
    return ("real", lo, lo_incl, hi, hi_incl)


def integer(lo, hi=INT_MAX):
    return ("int", lo, hi)


def enum(*words):
    return ("enum", list(words))


BOOL = ("bool",)


def intlist(lo, hi):
    return ("intlist", lo, hi)


def union(*members):
    return ("union", list(members))


def bounds(kind):
    """JSON Schema keywords for the numeric bounds of a real or integer kind."""
    out = {}
    if kind[0] == "real":
        _, lo, lo_incl, hi, hi_incl = kind
        if lo is not None:
            out["minimum" if lo_incl else "exclusiveMinimum"] = lo
        if hi is not None:
            out["maximum" if hi_incl else "exclusiveMaximum"] = hi
    elif kind[0] == "int":
        _, lo, hi = kind
        if lo > -INT_MAX - 1:
            out["minimum"] = lo
        if hi < INT_MAX:
            out["maximum"] = hi
    return out


def literal(kind):
    tag = kind[0]
    if tag == "real":
        return {"type": "number", **bounds(kind)}
    if tag == "int":
        return {"type": "integer", **bounds(kind)}
    if tag == "enum":
        return {"enum": kind[1]}
    if tag == "bool":
        return {"type": "boolean"}
    if tag == "intlist":
        return {"type": "array", "minItems": 1, "items": {"type": "integer", **bounds(("int", kind[1], kind[2]))}}
    if tag == "union":
        return {"anyOf": [literal(member) for member in kind[1]]}
    raise ValueError(kind)


def domain(name, item_bounds):
    schema = ref(f"{name}Domain")
    if not item_bounds:
        return schema
    return {"allOf": [schema, {"properties": {name: {"items": item_bounds}}}]}


def value(kind, searchable=True):
    """A literal of the kind or, when searchable, a search domain over it (as DomainReader reads it)."""
    lit = literal(kind)
    if not searchable:
        return lit
    literals = lit["anyOf"] if kind[0] == "union" else [lit]
    options = literals + [{"allOf": [ref("choiceDomain"), {"properties": {"choice": {"items": lit}}}]}]
    members = kind[1] if kind[0] == "union" else [kind]
    integer_member = next((m for m in members if m[0] == "int"), None)
    real_member = next((m for m in members if m[0] == "real"), None)
    if real_member:
        options.append(domain("uniform", bounds(real_member)))
        options.append(domain("loguniform", bounds(real_member)))
    int_member = integer_member or real_member
    if int_member:
        options.append(domain("int", bounds(int_member)))
    return {"anyOf": options}


def fmt(number):
    if isinstance(number, float) and number.is_integer() and abs(number) < 1e15:
        return repr(number)
    return repr(number) if not isinstance(number, str) else number


def phrase(kind):
    tag = kind[0]
    if tag == "real":
        _, lo, lo_incl, hi, hi_incl = kind
        if lo is None and hi is None:
            return "number"
        if hi is None:
            return f"number {'≥' if lo_incl else '>'} {fmt_num(lo)}"
        if lo is None:
            return f"number {'≤' if hi_incl else '<'} {fmt_num(hi)}"
        return f"number in {'[' if lo_incl else '('}{fmt_num(lo)}, {fmt_num(hi)}{']' if hi_incl else ')'}"
    if tag == "int":
        _, lo, hi = kind
        if hi == INT_MAX:
            return f"integer ≥ {lo}"
        return f"integer in [{lo}, {hi}]"
    if tag == "enum":
        return " | ".join(kind[1])
    if tag == "bool":
        return "true or false"
    if tag == "intlist":
        return f"non-empty list of integers in [{kind[1]}, {kind[2]}]"
    if tag == "union":
        return " | ".join(phrase(m) for m in kind[1])


def fmt_num(x):
    if isinstance(x, float) and x.is_integer():
        return str(int(x))
    return str(x)


def show_default(d):
    if isinstance(d, bool):
        return "true" if d else "false"
    if isinstance(d, list):
        return json.dumps(d)
    return fmt_num(d) if isinstance(d, (int, float)) else str(d)


class Option:
    def __init__(self, name, kind, default=None, summary="", searchable=True, default_text=None):
        self.name, self.kind, self.default, self.summary = name, kind, default, summary
        self.searchable, self.default_text = searchable, default_text

    def schema(self, search_allowed=True):
        if self.default_text is not None:
            default = self.default_text
        elif self.default is not None:
            default = show_default(self.default)
        else:
            default = None
        text = f"{self.summary[0].upper()}{self.summary[1:]} ({phrase(self.kind)}"
        text += f"; default {default})." if default is not None else ")."
        searchable = self.searchable and search_allowed
        if not searchable and search_allowed:
            text += " Cannot be searched."
        out = {"description": text}
        if self.default is not None:
            out["default"] = self.default
        body = value(self.kind, searchable)
        out.update(body)
        return out


# ---------------------------------------------------------------- learners (Sources/Learners)

LINEAR = [
    Option("penalty", enum("none", "l2", "l1", "elasticnet"), "none",
           "regularisation: none (ordinary least squares, like sklearn LinearRegression), l2 (ridge, like sklearn "
           "Ridge), l1 (lasso, like sklearn Lasso) or elasticnet (like sklearn ElasticNet)"),
    Option("alpha", real(0), 1.0,
           "penalty strength: α‖w‖² for l2; αρ‖w‖₁ + ½α(1 − ρ)‖w‖² beside a 1/(2n)-scaled loss for l1 and "
           "elasticnet. Has no effect (warning) with penalty none"),
    Option("l1_ratio", real(0, True, 1, True), 0.5,
           "elasticnet's mix ρ of the l1 and l2 penalties (1 is the lasso). Has no effect (warning) with the "
           "other penalties"),
    Option("fit_intercept", BOOL, True, "fit an unpenalised intercept"),
    Option("max_iter", integer(1, 100_000_000), 100_000,
           "coordinate-descent epoch limit for l1 and elasticnet. Has no effect (warning) with none and l2"),
    Option("tol", real(0, False), 1e-10,
           "duality-gap tolerance of coordinate descent for l1 and elasticnet. Has no effect (warning) with none "
           "and l2"),
]

LOGISTIC = [
    Option("penalty", enum("l2", "none", "l1", "elasticnet"), "l2",
           "regularisation: l2, none, l1 or elasticnet; solver sgd takes l2 or none only"),
    Option("C", real(0, False), 1.0,
           "inverse regularisation strength, as in sklearn (larger C, weaker penalty). Has no effect (warning) "
           "with penalty none"),
    Option("l1_ratio", real(0, True, 1, True), 0.5,
           "elasticnet's mix ρ: penalty ρ‖W‖₁ + ½(1 − ρ)‖W‖². Has no effect (warning) with the other penalties"),
    Option("class_weight", enum("none", "balanced"), "none",
           "weights on the rows' losses: none, or balanced (n / (classes · rows of the class))"),
    Option("fit_intercept", BOOL, True, "fit unpenalised intercepts"),
    Option("solver", enum("auto", "sgd"), "auto",
           "auto: solved to convergence (L-BFGS, or proximal Newton for l1 and elasticnet); sgd: mini-batch "
           "gradient descent driven by the experiment's 'schedule'"),
    Option("max_iter", integer(1, 1_000_000), 10_000,
           "iteration limit (L-BFGS iterations, or proximal Newton steps for l1 and elasticnet). Has no effect "
           "(warning) with solver sgd"),
    Option("tol", real(0, False), 1e-10,
           "convergence tolerance on the largest component of the (minimum-norm sub)gradient of the objective "
           "divided by C·n. Has no effect (warning) with solver sgd"),
]

MLP = [
    Option("hidden_layers", intlist(1, 100_000), [100], "units of each hidden layer, input side first"),
    Option("activation", enum("relu", "tanh", "sigmoid", "gelu"), "relu", "nonlinearity of the hidden layers"),
    Option("dropout", real(0, True, 1, False), 0.0,
           "probability of zeroing a hidden unit in training (inverted dropout)"),
    Option("weight_decay", real(0), 1e-4,
           "l2 penalty α: α/(2b)·‖W‖² added to each batch's mean loss (sklearn's alpha)"),
    Option("init", enum("glorot_uniform", "he_uniform", "glorot_normal", "he_normal"), "glorot_uniform",
           "how initial weights are drawn (glorot_uniform: sklearn's)"),
]

CRITERIA_CLASSIFICATION = ["gini", "entropy", "log_loss"]
CRITERIA_REGRESSION = ["squared_error", "absolute_error", "poisson"]


def tree_options(max_features):
    return [
        Option("criterion", enum("auto", *CRITERIA_CLASSIFICATION, *CRITERIA_REGRESSION), "auto",
               "split quality: gini, entropy (log_loss) for classification; squared_error, absolute_error, "
               "poisson for regression; auto is gini or squared_error"),
        Option("max_depth", union(enum("none"), integer(1)), "none",
               "deepest level a node may be split at (none: no limit)"),
        Option("min_samples_split", union(integer(2), real(0, False, 1, False)), 2,
               "fewest rows a node needs to be split: a count, or a fraction of the training rows"),
        Option("min_samples_leaf", union(integer(1), real(0, False, 0.5, True)), 1,
               "fewest rows each child of a split must keep: a count, or a fraction of the training rows"),
        max_features,
        Option("min_impurity_decrease", real(0), 0.0, "least weighted impurity decrease a split must bring"),
        Option("max_leaf_nodes", union(enum("none"), integer(2)), "none",
               "grow best-first up to this many leaves (none: depth-first, no limit)"),
    ]


def max_features(words, default, summary):
    return Option("max_features", union(enum(*words), integer(1), real(0, False, 1, True)), default, summary)


TREE = tree_options(max_features(["none", "sqrt", "log2"], "none",
                                 "features examined per split: none (all), sqrt, log2, a count, or a fraction of them"))
FOREST = [Option("n_estimators", integer(1), 100, "number of trees")] + tree_options(
    max_features(["auto", "none", "sqrt", "log2"], "auto",
                 "features examined per split: none (all), sqrt, log2, a count, or a fraction of them; auto is "
                 "sqrt for classification and 1.0 for regression")) + [
    Option("bootstrap", BOOL, True, "grow each tree on a bootstrap sample (otherwise on every row)"),
    Option("max_samples", union(enum("none"), integer(1), real(0, False, 1, True)), "none",
           "rows drawn per bootstrap sample: none (as many as there are), a count, or a fraction; needs "
           "bootstrap true"),
]

KNN = [
    Option("n_neighbors", integer(1), 5, "number of neighbours k (at most the number of training rows)"),
    Option("weights", enum("uniform", "distance"), "uniform",
           "uniform: equal votes; distance: votes weighted by 1/distance"),
    Option("metric", enum("minkowski", "euclidean", "manhattan"), "minkowski",
           "distance between rows; minkowski uses the power p"),
    Option("p", real(1), 2.0,
           "power of the minkowski metric (1: manhattan, 2: euclidean). Has no effect (warning) with the other "
           "metrics"),
]

LEARNERS = {
    "linear_regression": (LINEAR, "Least squares: ordinary, ridge (closed form), lasso or elastic net (coordinate "
                                  "descent); regression."),
    "logistic_regression": (LOGISTIC, "Binary or multinomial logistic regression with an l2 (L-BFGS), l1 or "
                                      "elastic-net (proximal Newton) penalty, or trained by mini-batch gradient "
                                      "descent with solver sgd; classification."),
    "mlp": (MLP, "Multilayer perceptron trained by mini-batch gradient descent (takes a 'schedule'); "
                 "classification or regression."),
    "decision_tree": (TREE, "A CART decision tree, as sklearn's; classification or regression."),
    "random_forest": (FOREST, "A random forest of CART trees, as sklearn's; classification or regression."),
    "knn": (KNN, "k-nearest neighbours by exact brute-force search, as sklearn's KNeighbors*; classification or "
                 "regression."),
}
SINGLE_TASK = {"linear_regression": "regression", "logistic_regression": "classification"}
COMMAND_DESC = ("Your own program as the model: 'run' is its argv with {placeholders}, 'params' its searched "
                "parameters; it reports its metrics as JSON lines. 'dataset' and 'cv' are optional.")
BENCH_DESC = ("A standard optimisation test function; its coordinates x0, x1, ... are the search space. No "
              "dataset, cv or schedule; each trial reports 'value' and 'regret', to be minimised.")

# ---------------------------------------------------------------- schedule (TrainingSchedule+Options.swift)

COUNT = 1_000_000
BELOW_ONE = real(0, True, 1, False)
SCHEDULE_TOP = [
    Option("epochs", integer(1, COUNT), 200, "passes over the training rows (sklearn's max_iter)"),
    Option("batch_size", union(enum("none"), integer(1)), "none",
           "rows per gradient step; none: min(200, rows), as sklearn's 'auto'"),
    Option("shuffle", BOOL, True, "visit the rows in a new random order each epoch"),
    Option("gradient_clip", union(enum("none"), real(0, False)), "none",
           "largest global gradient norm (larger gradients are scaled down to it); none: no clipping"),
]
OPTIMIZERS = ["sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw"]
SCHEDULE_OPTIMIZER = [
    Option("type", enum(*OPTIMIZERS), "adam", "the update rule"),
    Option("momentum", BELOW_ONE, 0.9, "momentum μ of momentum and nesterov"),
    Option("beta1", BELOW_ONE, 0.9, "decay of adam's and adamw's first-moment estimate"),
    Option("beta2", BELOW_ONE, 0.999, "decay of adam's and adamw's second-moment estimate"),
    Option("epsilon", real(0, False), None,
           "ε added to the denominator of adaptive steps (adagrad, rmsprop, adam, adamw)",
           default_text="1e-10 for adagrad, 1e-8 otherwise"),
    Option("rho", BELOW_ONE, 0.99, "decay of rmsprop's mean of squared gradients (PyTorch's alpha)"),
    Option("weight_decay", real(0), 0.01, "adamw's decoupled weight decay λ"),
]
DECAYS = ["constant", "step", "multistep", "exponential", "cosine", "polynomial", "linear", "one_cycle",
          "reduce_on_plateau"]
SCHEDULE_LR = [
    Option("initial", real(0, False), 0.001, "the learning rate η₀ the schedule starts from"),
    Option("decay", enum(*DECAYS), "constant", "how the learning rate changes over the epochs"),
    Option("warmup_epochs", integer(0, COUNT), 0,
           "epochs of linear warmup from 0 to η₀ before the decay starts; must be less than epochs"),
    Option("step_size", integer(1, COUNT), 10, "epochs between two decays of step"),
    Option("gamma", real(0, False, 1, True), 0.1,
           "factor of step, multistep and exponential decay (exponential needs it written)"),
    Option("milestones", intlist(1, COUNT), None,
           "strictly increasing epochs (counted after warmup) at which multistep multiplies by gamma; required "
           "by multistep"),
    Option("power", real(0, False), 1.0, "exponent of polynomial decay"),
    Option("final", real(0), 0.0, "the value cosine, polynomial, linear and one_cycle end at"),
    Option("restart_period", union(enum("none"), integer(1, COUNT)), "none",
           "epochs of cosine's first cycle before a warm restart (SGDR's T₀); none: no restarts"),
    Option("restart_multiplier", integer(1, 1000), 1,
           "each cosine cycle is this many times longer than the one before (SGDR's T_mult)"),
    Option("max", real(0, False), None, "one_cycle's peak learning rate, greater than initial",
           default_text="25 × initial"),
    Option("patience", integer(0, COUNT), 10,
           "reduce_on_plateau: epochs without improvement tolerated before reducing"),
    Option("factor", real(0, False, 1, False), 0.1, "reduce_on_plateau: the factor applied at each reduction"),
    Option("min", real(0), 0.0, "reduce_on_plateau: the learning rate is never reduced below this"),
]
SCHEDULE_ES = [
    Option("enabled", BOOL, False, "hold out training rows and stop when they stop improving",
           default_text="false, true when an early_stopping section is written"),
    Option("monitor", enum("validation_loss", "validation_metric"), "validation_loss",
           "the held-out rows' loss, or their accuracy (classification) or R² (regression)"),
    Option("patience", integer(0, COUNT), 10, "epochs without improvement tolerated (sklearn's n_iter_no_change)"),
    Option("min_delta", real(0), 1e-4, "the least change that counts as an improvement (sklearn's tol)"),
    Option("validation_fraction", real(0, False, 1, False), 0.1,
           "share of the training rows held out for early stopping (stratified for classification)"),
]

# ---------------------------------------------------------------- synthetic (Sources/Datasets/Synthetic)

MAX_SAMPLES, MAX_FEATURES = 100_000_000, 100_000


def samples(default):
    return Option("samples", integer(1, MAX_SAMPLES), default, "number of rows", searchable=False)


def features(default):
    return Option("features", integer(1, MAX_FEATURES), default, "number of feature columns x0, x1, ...",
                  searchable=False)


def noise(summary):
    return Option("noise", real(0), 0.0, summary, searchable=False)


def shuffle(summary="draw the rows in random order"):
    return Option("shuffle", BOOL, True, summary, searchable=False)


SEED = Option("seed", integer(0), None, "seed of the generator's random streams", searchable=False,
              default_text="the experiment's seed")
SYNTHETIC = {
    "classification": ("classification", "sklearn make_classification: Gaussian clusters on hypercube vertices.", [
        samples(100), features(20),
        Option("informative", integer(1, MAX_FEATURES), 2, "features that carry the class structure",
               searchable=False),
        Option("redundant", integer(0, MAX_FEATURES), 2, "random linear combinations of the informative features",
               searchable=False),
        Option("repeated", integer(0, MAX_FEATURES), 0,
               "copies of randomly chosen informative or redundant features", searchable=False),
        Option("classes", integer(2, 10_000), 2, "number of classes, labelled 0 to classes − 1", searchable=False),
        Option("clusters_per_class", integer(1, 10_000), 2, "Gaussian clusters making up each class",
               searchable=False),
        Option("weights", intlist(0, 1_000_000_000), None,
               "relative class sizes, one per class (normalised by their sum)", searchable=False,
               default_text="equal"),
        Option("flip_y", real(0, True, 1, True), 0.01,
               "share of rows whose label is redrawn uniformly from all classes", searchable=False),
        Option("class_sep", real(0, False), 1.0,
               "half the side of the hypercube whose vertices are the cluster centres", searchable=False),
        shuffle("draw the rows in random order and permute the feature columns"), SEED]),
    "regression": ("regression", "sklearn make_regression: a random linear model plus noise.", [
        samples(100), features(100),
        Option("informative", integer(0, MAX_FEATURES), 10, "features with a non-zero coefficient",
               searchable=False),
        noise("standard deviation of the Gaussian noise added to the target"),
        Option("bias", real(), 0.0, "the model's intercept", searchable=False),
        shuffle("permute the feature columns (rows are exchangeable already)"), SEED]),
    "blobs": ("classification", "sklearn make_blobs: isotropic Gaussian clusters.", [
        samples(100), features(2),
        Option("centers", integer(1, 10_000), 3, "number of clusters, labelled 0 to centers − 1", searchable=False),
        Option("cluster_std", real(0), 1.0, "standard deviation of each cluster in every feature",
               searchable=False),
        Option("center_box", intlist(-1_000_000_000, 1_000_000_000), [-10, 10],
               "[low, high]: the box the centres are drawn in", searchable=False),
        shuffle(), SEED]),
    "moons": ("classification", "sklearn make_moons: two interleaving half circles (2 features, 2 classes).", [
        samples(100), noise("standard deviation of Gaussian noise added to each coordinate"), shuffle(), SEED]),
    "circles": ("classification", "sklearn make_circles: two concentric circles (2 features, 2 classes).", [
        samples(100), noise("standard deviation of Gaussian noise added to each coordinate"),
        Option("factor", real(0, True, 1, False), 0.8, "radius of the inner circle relative to the outer one",
               searchable=False),
        shuffle(), SEED]),
}
SYNTHETIC_NAMES = list(SYNTHETIC)
SYNTHETIC_CLASSIFICATION = [n for n, (task, _, _) in SYNTHETIC.items() if task == "classification"]
SYNTHETIC_REGRESSION = [n for n, (task, _, _) in SYNTHETIC.items() if task == "regression"]

BUILTINS = ["iris", "wine", "breast_cancer", "diabetes", "digits", "penguins"]
# The built-ins' default targets, which decide the task (and the class count) when 'target' is not written.
BUILTIN_CLASSIFICATION = ["iris", "wine", "breast_cancer", "digits", "penguins"]
BUILTIN_REGRESSION = ["diabetes"]
BUILTIN_MULTICLASS = ["iris", "wine", "digits", "penguins"]
# synthetic:NAME without options: blobs' default 3 centres.
SYNTHETIC_MULTICLASS = ["blobs"]

# ---------------------------------------------------------------- benchmark functions (Search/TestFunction.swift)

FUNCTIONS = [
    ("branin", 2, "2-D on [−5, 10] × [0, 15], three global minima of 0.397887"),
    ("hartmann3", 3, "3-D on [0, 1]³, minimum −3.86278"),
    ("hartmann6", 6, "6-D on [0, 1]⁶, minimum −3.32237"),
    ("rosenbrock", None, "any dimension on [−5, 10]ᵈ, minimum 0 at (1, …, 1)"),
    ("levy", None, "any dimension on [−10, 10]ᵈ, minimum 0 at (1, …, 1)"),
    ("ackley", None, "any dimension on [−32.768, 32.768]ᵈ, minimum 0 at the origin"),
    ("styblinski_tang", None, "any dimension on [−5, 5]ᵈ, minimum −39.16617·d at (−2.903534, …)"),
]
DEFAULT_DIMS = 10
FIXED = [(n, d) for n, d, _ in FUNCTIONS if d]
ANY_DIM = [n for n, d, _ in FUNCTIONS if not d]

# ---------------------------------------------------------------- metrics (Sources/Metrics)

METRICS = [
    ("accuracy", "classification", "maximize", "fraction of correctly predicted labels"),
    ("balanced_accuracy", "classification", "maximize", "mean recall over classes"),
    ("precision_macro", "classification", "maximize", "precision, unweighted mean over classes"),
    ("recall_macro", "classification", "maximize", "recall, unweighted mean over classes"),
    ("f1_macro", "classification", "maximize", "F1, unweighted mean over classes"),
    ("precision_weighted", "classification", "maximize", "precision, mean over classes weighted by support"),
    ("recall_weighted", "classification", "maximize", "recall, mean over classes weighted by support"),
    ("f1_weighted", "classification", "maximize", "F1, mean over classes weighted by support"),
    ("precision", "classification", "maximize", "precision of the second class in sorted order; two classes only"),
    ("recall", "classification", "maximize", "recall of the second class in sorted order; two classes only"),
    ("f1", "classification", "maximize", "F1 of the second class in sorted order; two classes only"),
    ("log_loss", "classification", "minimize", "cross-entropy of the predicted class probabilities"),
    ("roc_auc", "classification", "maximize",
     "area under the ROC curve (one-vs-rest macro average beyond two classes)"),
    ("roc_auc_ovr", "classification", "maximize", "the same as roc_auc"),
    ("mse", "regression", "minimize", "mean squared error"),
    ("rmse", "regression", "minimize", "root mean squared error"),
    ("mae", "regression", "minimize", "mean absolute error"),
    ("r2", "regression", "maximize", "coefficient of determination R²"),
    ("explained_variance", "regression", "maximize", "explained variance score"),
]
ALL_METRICS = [m[0] for m in METRICS]
CLASSIFICATION_METRICS = [m[0] for m in METRICS if m[1] == "classification"]
REGRESSION_METRICS = [m[0] for m in METRICS if m[1] == "regression"]
BINARY_METRICS = ["precision", "recall", "f1"]
BENCHMARK_METRICS = ["value", "regret"]

# ================================================================ build

S = {}
for key in ["$schema", "$id", "title"]:
    S[key] = old[key]
S["description"] = (
    "An experiment file for `hyperplan run`/`validate`/`plan`: a dataset, a model with its hyperparameter space "
    "(a built-in learner, your own program or a benchmark function), an optional training schedule, the "
    "cross-validation scheme, the search and how the run is executed. This schema checks structure only; "
    "`hyperplan validate` also reads the data and checks everything else (see docs/dsl.md, 'What the schema "
    "cannot check').")
S["type"] = "object"
S["required"] = ["name", "model"]
S["additionalProperties"] = False
S["patternProperties"] = old["patternProperties"]
props = dict(old["properties"])
props["seed"]["description"] = ("The root of all randomness (test split, shuffled folds, random search, "
                                "synthetic data without their own seed, model initialisation). Integer in "
                                "[0, 2^63 − 1]; default 0.")
props["dataset"] = ref("dataset")
props["schedule"] = ref("schedule")
S["properties"] = {k: props[k] for k in
                   ["name", "description", "seed", "dataset", "model", "schedule", "cv", "search", "execution"]}


def model_type_is(*types):
    condition = {"const": types[0]} if len(types) == 1 else {"enum": list(types)}
    return {"properties": {"model": {"properties": {"type": condition}, "required": ["type"]}},
            "required": ["model"]}


def prop(name, schema, required=False):
    out = {"properties": {name: schema}}
    if required:
        out["required"] = [name]
    return out


LEARNER_TYPES = list(LEARNERS)
MULTI_TASK_TYPES = [t for t in LEARNER_TYPES if t not in SINGLE_TASK] + ["command"]
# A choice of learners (`model: {choice: [blocks]}`) has no `type` of its own.
MODEL_IS_CHOICE = {"properties": {"model": {"required": ["choice"]}}, "required": ["model"]}


def model_is_learner():
    return {"anyOf": [model_type_is(*LEARNER_TYPES), MODEL_IS_CHOICE]}

rules = []
rules.append({
    "description": "A dataset is required except for a trial command (optional) and a benchmark function (none).",
    "if": model_type_is("command", "benchmark_function"),
    "else": {"required": ["dataset"]},
})
# Task-dependent rules from single-task models (kept from v0).
for model_type, task in SINGLE_TASK.items():
    metrics = CLASSIFICATION_METRICS if task == "classification" else REGRESSION_METRICS
    then = {"properties": {
        "dataset": {"properties": {"task": {"const": task}}},
        "search": {"properties": {"metric": {"enum": metrics}, "metrics": {"items": {"enum": metrics}}}},
    }}
    if task == "regression":
        then["properties"]["cv"] = {"properties": {"scheme": {"not": {"const": "stratified_kfold"}}}}
    rules.append({"if": model_type_is(model_type), "then": then})

rules.append({
    "description": "A learner's metrics are names Hyperplan computes.",
    "if": model_is_learner(),
    "then": {"properties": {"search": {"properties": {
        "metric": ref("metricName"), "metrics": {"items": ref("metricName")}}}}},
})
# Task decided by the data, for models that do both tasks (and trial commands).
for task in ["classification", "regression"]:
    metrics = CLASSIFICATION_METRICS if task == "classification" else REGRESSION_METRICS
    criteria = CRITERIA_CLASSIFICATION if task == "classification" else CRITERIA_REGRESSION
    criterion = {"anyOf": [{"enum": ["auto", *criteria]},
                           {"type": "object", "required": ["choice"],
                            "properties": {"choice": {"items": {"enum": ["auto", *criteria]}}}}]}
    then_props = {
        "model": {"if": {"properties": {"type": {"enum": LEARNER_TYPES}}, "required": ["type"]},
                  "then": {"properties": {"criterion": criterion}}},
    }
    then = {"properties": then_props, "allOf": [{
        "if": model_type_is(*LEARNER_TYPES),
        "then": {"properties": {"search": {"properties": {
            "metric": {"enum": metrics}, "metrics": {"items": {"enum": metrics}}}}}},
    }]}
    if task == "regression":
        then["properties"]["cv"] = {"properties": {"scheme": {"not": {"const": "stratified_kfold"}}}}
    rules.append({
        "description": f"When the data decides the task ({task}): 'dataset.task', else a {task} synthetic "
                       f"generator, else a built-in's default target. The metrics of a learner, a tree's criterion"
                       + (" and the cv scheme" if task == "regression" else "") + " must suit it.",
        "if": {"allOf": [model_type_is(*MULTI_TASK_TYPES), ref(f"dataIs{task.capitalize()}")]},
        "then": then,
    })
rules.append({
    "description": "precision, recall and f1 score a two-class target; the default targets of these built-ins, and "
                   "synthetic:blobs with its default 3 centres, have more classes.",
    "if": {"allOf": [
        model_is_learner(),
        {"properties": {"dataset": {
            "properties": {"source": {"enum": [f"builtin:{n}" for n in BUILTIN_MULTICLASS]
                                             + [f"synthetic:{n}" for n in SYNTHETIC_MULTICLASS]}},
            "required": ["source"], "not": {"required": ["target"]}}},
         "required": ["dataset"]}]},
    "then": {"properties": {"search": {"properties": {
        "metric": {"not": {"enum": BINARY_METRICS}}, "metrics": {"items": {"not": {"enum": BINARY_METRICS}}}}}}},
})
# Schedule: only models that train by gradient descent.
may_sgd = {"anyOf": [{"const": "sgd"}, {"type": "object", "required": ["choice"],
                                         "properties": {"choice": {"contains": {"const": "sgd"}}}}]}
rules.append({
    "description": "'schedule' needs a model that trains by gradient descent: mlp, or logistic_regression with "
                   "solver sgd (in some configuration); in a choice of models, one such block.",
    "if": {"anyOf": [
        model_type_is("mlp"),
        {"properties": {"model": {"properties": {"type": {"const": "logistic_regression"}, "solver": may_sgd},
                                  "required": ["type", "solver"]}}, "required": ["model"]},
        {"properties": {"model": {"properties": {"choice": {"contains": {"anyOf": [
            {"properties": {"type": {"const": "mlp"}}, "required": ["type"]},
            {"properties": {"type": {"const": "logistic_regression"}, "solver": may_sgd},
             "required": ["type", "solver"]}]}}},
            "required": ["choice"]}}, "required": ["model"]},
    ]},
    "else": {"properties": {"schedule": False}},
})
# Benchmark functions.
rules.append({
    "if": model_type_is("benchmark_function"),
    "then": {"properties": {
        "dataset": False, "cv": False, "schedule": False,
        "search": {"properties": {
            "metric": {"enum": BENCHMARK_METRICS,
                       "description": "value (default) or regret: the function's value, or its distance above "
                                      "the known minimum; both are minimised by default."},
            "metrics": {"items": {"enum": BENCHMARK_METRICS}}}},
    }},
})
# Trial commands.
rules.append({
    "if": model_type_is("command"),
    "then": {
        "required": ["search"],
        "properties": {
            "schedule": False,
            "search": {
                "required": ["metric"],
                "properties": {
                    "metric": {"description": "The key of the program's final JSON object to optimise "
                                              "(required). Any name; 'goal' is required unless it is a known "
                                              "metric."},
                },
                "if": {"properties": {"metric": {"enum": ALL_METRICS}}, "required": ["metric"]},
                "else": {"required": ["goal"]},
            },
        },
        "if": {"not": {"required": ["dataset"]}},
        "then": {"properties": {
            "cv": False,
            "model": {"properties": {"run": {"items": {"not": {"pattern": "(?:^|[^{])(?:\\{\\{)*\\{(?:train|validation|fold)\\}(?:\\}\\})*(?:[^}]|$)"}}}}},
        }},
    },
})

# Grid search: every dimension finite.
grid_then = {"properties": {
    "model": {
        "additionalProperties": {"not": ref("continuousDomain")},
        "properties": {
            "params": {"additionalProperties": {"not": ref("continuousDomain")}},
            "choice": {"items": {"additionalProperties": {"not": ref("continuousDomain")}}},
        },
    },
    "schedule": {"additionalProperties": {
        "not": ref("continuousDomain"),
        "additionalProperties": {"not": ref("continuousDomain")}}},
}, "allOf": []}
for name, dims in FIXED:
    grid_then["allOf"].append({
        "if": {"properties": {"model": {"properties": {"type": {"const": "benchmark_function"},
                                                       "function": {"const": name}},
                                        "required": ["type", "function"]}}},
        "then": {"properties": {"model": {"required": [f"x{i}" for i in range(dims)]}}},
    })
grid_then["allOf"].append({
    "if": {"properties": {"model": {"properties": {"type": {"const": "benchmark_function"},
                                                   "function": {"enum": ANY_DIM}},
                                    "required": ["type", "function"], "not": {"required": ["dims"]}}}},
    "then": {"properties": {"model": {"required": [f"x{i}" for i in range(DEFAULT_DIMS)]}}},
})
rules.append({
    "description": "Grid search needs every dimension finite: real ranges need 'grid: N', and a benchmark "
                   "function's coordinates that are not written are continuous ranges.",
    "if": {"properties": {"search": {"properties": {"strategy": {"const": "grid"}}, "required": ["strategy"]}},
           "required": ["search"]},
    "then": grid_then,
})


def exists(schema):
    """An object with some property (at the top level of the object) that matches `schema`."""
    return {"type": "object", "not": {"additionalProperties": {"not": schema}}}


possibly_infinite = []
possibly_infinite.append({"properties": {"model": exists(ref("possiblyContinuousDomain"))}, "required": ["model"]})
possibly_infinite.append({"properties": {"model": {"properties": {"params": exists(ref("possiblyContinuousDomain"))},
                                                   "required": ["params"]}}, "required": ["model"]})
possibly_infinite.append({"properties": {"model": {"properties": {
    "choice": {"contains": exists(ref("possiblyContinuousDomain"))}}, "required": ["choice"]}},
    "required": ["model"]})
possibly_infinite.append({"properties": {"schedule": exists({"anyOf": [
    ref("possiblyContinuousDomain"), exists(ref("possiblyContinuousDomain"))]})}, "required": ["schedule"]})
bench_missing = []
for name, dims in FIXED:
    bench_missing.append({"properties": {"function": {"const": name}}, "required": ["function"],
                          "not": {"required": [f"x{i}" for i in range(dims)]}})
bench_missing.append({"properties": {"function": {"enum": ANY_DIM}}, "required": ["function", "dims"]})
bench_missing.append({"properties": {"function": {"enum": ANY_DIM}}, "required": ["function"],
                      "not": {"required": [f"x{i}" for i in range(DEFAULT_DIMS)]}})
possibly_infinite.append({"properties": {"model": {
    "properties": {"type": {"const": "benchmark_function"}}, "required": ["type"], "anyOf": bench_missing}},
    "required": ["model"]})
rules.append({
    "description": "Without 'strategy', the search is grid when the space is finite; 'trials' is then an unknown "
                   "key. So 'trials' without 'strategy' needs some dimension that can be infinite: a domain of "
                   "the model, of a command's params or of the schedule, or a benchmark coordinate left out.",
    "if": {"properties": {"search": {"required": ["trials"], "not": {"required": ["strategy"]}}},
           "required": ["search"]},
    "then": {"required": ["model"], "anyOf": possibly_infinite},
})
S["allOf"] = rules

# ---------------------------------------------------------------- $defs
defs = {}

# dataset
dataset = old["$defs"]["dataset"]
dataset["description"] = ("Where the rows come from, which column to predict and how the features are prepared. "
                          "Required for every model but 'command' (optional) and 'benchmark_function' (none).")
source = dataset["properties"]["source"]
dataset["properties"]["source"] = {
    "description": "builtin:NAME for a dataset shipped with Hyperplan, synthetic:NAME or {synthetic: NAME, "
                   "options...} for a generated one, or the path of a CSV file (relative paths are relative to "
                   "the experiment file's folder).",
    "anyOf": [
        {"type": "string", "minLength": 1, "anyOf": [
            {"enum": [f"builtin:{n}" for n in BUILTINS]},
            {"enum": [f"synthetic:{n}" for n in SYNTHETIC_NAMES],
             "description": "A generated dataset with its default options (docs/synthetic.md)."},
            {"not": {"pattern": "^(builtin|synthetic):"}, "description": "A CSV file."},
        ]},
        ref("syntheticSource"),
    ],
    "examples": source["examples"][:-1] + ["synthetic:moons", {"synthetic": "classification", "samples": 1000},
                                           "data/train.csv"],
}
dataset["properties"]["target"]["description"] = (
    "The column to predict. Required for a CSV file; built-ins default to iris: species, wine: cultivar, "
    "breast_cancer: diagnosis, diabetes: progression, digits: digit, penguins: species; synthetic datasets to y.")
dataset["properties"]["task"]["description"] = (
    "classification or regression. A model that does one task (linear_regression, logistic_regression) decides "
    "it, so this can only confirm the model's task; otherwise it overrides the synthetic generator's task and "
    "inference from the target column.")
dataset["if"] = {"required": ["source"], "properties": {"source": {"type": "string",
                                                                   "not": {"pattern": "^(builtin|synthetic):"}}}}
defs["dataset"] = dataset

syn_branches = []
for name, (task, desc, options) in SYNTHETIC.items():
    branch_props = {o.name: o.schema(search_allowed=False) for o in options}
    if name == "blobs":
        branch_props["center_box"]["minItems"] = 2
        branch_props["center_box"]["maxItems"] = 2
    syn_branches.append({
        "if": {"properties": {"synthetic": {"const": name}}, "required": ["synthetic"]},
        "then": {"properties": branch_props, "propertyNames": {"enum": ["synthetic"] + [o.name for o in options]}},
    })
defs["syntheticSource"] = {
    "description": "A generated dataset: {synthetic: NAME, option: value, ...}. Columns x0, x1, ... and the target "
                   "y. Options are literal values (they cannot be searched). See docs/synthetic.md.",
    "type": "object",
    "required": ["synthetic"],
    "properties": {"synthetic": {"description": "The generator.", "oneOf": [
        {"const": name, "description": f"{desc} ({task})"} for name, (task, desc, _) in SYNTHETIC.items()]}},
    "allOf": syn_branches,
}
defs["preprocessStep"] = old["$defs"]["preprocessStep"]

# What the data says about the task (for models that do both).
def data_is(task):
    synthetic = SYNTHETIC_CLASSIFICATION if task == "classification" else SYNTHETIC_REGRESSION
    builtins = BUILTIN_CLASSIFICATION if task == "classification" else BUILTIN_REGRESSION
    return {
        "description": f"The dataset section decides {task}: 'task: {task}', or no 'task' and a {task} synthetic "
                       f"source, or no 'task' or 'target' and a built-in whose default target is for {task}.",
        "properties": {"dataset": {"anyOf": [
            {"properties": {"task": {"const": task}}, "required": ["task"]},
            {"not": {"required": ["task"]}, "required": ["source"], "properties": {"source": {"anyOf": [
                {"enum": [f"synthetic:{n}" for n in synthetic]},
                {"type": "object", "properties": {"synthetic": {"enum": synthetic}}, "required": ["synthetic"]},
            ]}}},
            {"not": {"anyOf": [{"required": ["task"]}, {"required": ["target"]}]}, "required": ["source"],
             "properties": {"source": {"enum": [f"builtin:{n}" for n in builtins]}}},
        ]}},
        "required": ["dataset"],
    }


defs["dataIsClassification"] = data_is("classification")
defs["dataIsRegression"] = data_is("regression")

# model
model_branches = []
for model_type, (options, _) in LEARNERS.items():
    branch = {
        "if": {"properties": {"type": {"const": model_type}}, "required": ["type"]},
        "then": {"properties": {o.name: o.schema() for o in options},
                 "propertyNames": {"enum": ["type"] + [o.name for o in options]}},
    }
    model_branches.append(branch)
# logistic_regression: solver sgd takes penalty l2 or none (checked on every combination of choices).
may_l1 = {"anyOf": [{"enum": ["l1", "elasticnet"]}, {"type": "object", "required": ["choice"], "properties": {
    "choice": {"contains": {"enum": ["l1", "elasticnet"]}}}}]}
model_branches.append({
    "description": "logistic_regression: solver sgd takes penalty l2 or none, in every configuration.",
    "if": {"properties": {"type": {"const": "logistic_regression"}, "solver": may_sgd},
           "required": ["type", "solver"]},
    "then": {"properties": {"penalty": {"not": may_l1}}},
})
may_not_bootstrap = {"anyOf": [{"const": False}, {"type": "object", "required": ["choice"], "properties": {
    "choice": {"contains": {"const": False}}}}]}
model_branches.append({
    "description": "random_forest: max_samples needs bootstrap true, in every configuration.",
    "if": {"properties": {"type": {"const": "random_forest"}, "bootstrap": may_not_bootstrap},
           "required": ["type", "bootstrap"]},
    "then": {"properties": {"max_samples": {"anyOf": [
        {"const": "none"},
        {"type": "object", "required": ["choice"], "properties": {"choice": {"items": {"const": "none"}}}}]}}},
})
learner_branches = list(model_branches)
# command
model_branches.append({
    "if": {"properties": {"type": {"const": "command"}}, "required": ["type"]},
    "then": {
        "required": ["run"],
        "properties": {
            "run": {
                "description": "The program and its arguments, one string each (no shell). {name} is replaced by "
                               "the parameter 'name', {seed}, {trial_dir}, and with a dataset {train}, "
                               "{validation} (CSV files of the fold's rows) and {fold}; {{ and }} are literal "
                               "braces. A NUL byte is refused: a program's arguments end at the first one.",
                "type": "array", "minItems": 1, "items": {"type": "string", "pattern": "^[^\\u0000]*$"},
                "examples": [["python3", "train.py", "--lr", "{lr}"]],
            },
            "params": {
                "description": "The program's parameters: a literal value or a search domain each. Names are "
                               "letters, digits and '_', not starting with a digit.",
                "type": "object",
                "propertyNames": {"pattern": "^[A-Za-z_\\u00c0-\\uffff][A-Za-z0-9_\\u00c0-\\uffff]*$"},
                "additionalProperties": ref("commandParameter"),
            },
        },
        "propertyNames": {"enum": ["type", "run", "params"]},
    },
})
# benchmark_function
coordinate = {"description": "A coordinate: a fixed number, or a search domain. Coordinates not written are "
                             "searched over the function's standard domain (a continuous uniform range).",
              **value(real())}
bench_then = {
    "required": ["function"],
    "properties": {
        "function": {"description": "The test function.", "oneOf": [
            {"const": name, "description": text} for name, _, text in FUNCTIONS]},
        "dims": {"description": "The dimension of rosenbrock, levy, ackley and styblinski_tang (integer in "
                                "[2, 1000]; default 10). The others have a fixed dimension and take no 'dims'.",
                 "type": "integer", "minimum": 2, "maximum": 1000, "default": DEFAULT_DIMS},
    },
    "patternProperties": {"^x(0|[1-9][0-9]{0,2})$": coordinate},
    "allOf": [],
}
for name, dims in FIXED:
    bench_then["allOf"].append({
        "if": {"properties": {"function": {"const": name}}, "required": ["function"]},
        "then": {"propertyNames": {"enum": ["type", "function"] + [f"x{i}" for i in range(dims)]}},
    })
bench_then["allOf"].append({
    "if": {"properties": {"function": {"enum": ANY_DIM}}, "required": ["function"], "not": {"required": ["dims"]}},
    "then": {"propertyNames": {"enum": ["type", "function", "dims"] + [f"x{i}" for i in range(DEFAULT_DIMS)]}},
})
bench_then["allOf"].append({
    "if": {"properties": {"function": {"enum": ANY_DIM}}, "required": ["function", "dims"]},
    "then": {"propertyNames": {"pattern": "^(type|function|dims|x(0|[1-9][0-9]{0,2}))$"}},
})
model_branches.append({
    "if": {"properties": {"type": {"const": "benchmark_function"}}, "required": ["type"]},
    "then": bench_then,
})
model_branches.append({
    "description": "A choice of models takes nothing beside 'choice'; any other model needs 'type'.",
    "if": {"required": ["choice"]},
    "then": {"propertyNames": {"const": "choice"}},
    "else": {"required": ["type"]},
})
defs["model"] = {
    "description": "The model: a built-in learner and its hyperparameters (each a literal value or a search "
                   "domain), your own program ('command'), a test function ('benchmark_function'), or a choice "
                   "of learners searched together ('choice').",
    "type": "object",
    "properties": {
        "type": {
            "description": "The model. Not a search domain: to search over models, list them under 'choice'.",
            "oneOf": [{"const": t, "description": d} for t, (_, d) in LEARNERS.items()]
                     + [{"const": "command", "description": COMMAND_DESC},
                        {"const": "benchmark_function", "description": BENCH_DESC}],
        },
        "choice": {
            "description": "Alternative learners searched together: the dimension 'model.type' picks one block "
                           "per trial, and each block's searched hyperparameters (named '<type>.<option>' in "
                           "seed points and results) exist only in its trials. Each type at most once.",
            "type": "array", "minItems": 1, "items": ref("modelBlock"),
        },
    },
    "allOf": model_branches,
}
defs["modelBlock"] = {
    "description": "One model of 'model.choice': a built-in learner and its hyperparameters, each a literal "
                   "value or a search domain.",
    "type": "object",
    "required": ["type"],
    "properties": {"type": {
        "description": "The learner.",
        "oneOf": [{"const": t, "description": d} for t, (_, d) in LEARNERS.items()],
    }},
    "allOf": learner_branches,
}

defs["commandLiteral"] = {
    "description": "A literal parameter value: a number, a string, true or false, or a list of integers.",
    "anyOf": [{"type": ["number", "string", "boolean"]},
              {"type": "array", "items": {"type": "integer"}}],
}
defs["commandParameter"] = {
    "description": "A parameter of a trial command: a literal value, or a search domain (choices are numbers, "
                   "strings, booleans or lists of integers).",
    "anyOf": [
        ref("commandLiteral"),
        {"allOf": [ref("choiceDomain"), {"properties": {"choice": {"items": {"anyOf": [
            {"type": ["number", "string", "boolean"]}, {"type": "array", "minItems": 1,
                                                         "items": {"type": "integer"}}]}}}}]},
        ref("uniformDomain"), ref("loguniformDomain"), ref("intDomain"),
    ],
}

for key in ["choiceDomain", "uniformDomain", "loguniformDomain", "intDomain", "realBounds", "gridCount"]:
    defs[key] = old["$defs"][key]
defs["continuousDomain"] = {
    "description": "A uniform or loguniform domain without 'grid': only random search can use it.",
    "type": "object",
    "anyOf": [{"required": ["uniform"]}, {"required": ["loguniform"]}],
    "not": {"required": ["grid"]},
}
defs["possiblyContinuousDomain"] = {
    "description": "A domain that may be continuous: uniform or loguniform without 'grid', or an int range "
                   "without 'grid' (continuous beyond 10,000 integers).",
    "type": "object",
    "anyOf": [{"required": ["uniform"]}, {"required": ["loguniform"]}, {"required": ["int"]}],
    "not": {"required": ["grid"]},
}

# schedule
def section(options, prefix, description):
    return {
        "description": description,
        "type": "object",
        "additionalProperties": False,
        "properties": {o.name: o.schema() for o in options},
    }


opt_section = section(SCHEDULE_OPTIMIZER, "optimizer",
                      "The optimizer and its parameters; options of other optimizers have no effect (warning).")
lr_section = section(SCHEDULE_LR, "learning_rate",
                     "The learning rate: its initial value, how it decays, and the decay's parameters; parameters "
                     "of other decays have no effect (warning).")


def may_be(word):
    return {"anyOf": [{"const": word}, {"type": "object", "required": ["choice"],
                                        "properties": {"choice": {"contains": {"const": word}}}}]}


lr_section["allOf"] = [
    {"if": {"properties": {"decay": may_be("multistep")}, "required": ["decay"]}, "then": {"required": ["milestones"]}},
    {"if": {"properties": {"decay": may_be("exponential")}, "required": ["decay"]}, "then": {"required": ["gamma"]}},
]
es_section = section(SCHEDULE_ES, "early_stopping",
                     "Early stopping on held-out training rows; writing the section turns it on unless it says "
                     "'enabled: false'.")
type_option, initial_option, enabled_option = SCHEDULE_OPTIMIZER[0], SCHEDULE_LR[0], SCHEDULE_ES[0]
schedule_props = {o.name: o.schema() for o in SCHEDULE_TOP}
schedule_props["optimizer"] = {
    "description": "The update rule: a name (short for {type: NAME}), a choice of names, or a section. Default adam.",
    "anyOf": [{k: v for k, v in type_option.schema().items() if k != "description"}, opt_section],
}
schedule_props["learning_rate"] = {
    "description": "A number or a search domain (short for {initial: ...}), or a section. Default: constant 0.001.",
    "anyOf": [{k: v for k, v in initial_option.schema().items() if k != "description"}, lr_section],
}
schedule_props["early_stopping"] = {
    "description": "true or false (short for {enabled: ...}), or a section. Default: no early stopping.",
    "anyOf": [{k: v for k, v in enabled_option.schema().items() if k not in ("description", "default")},
              es_section],
}
defs["schedule"] = {
    "description": "How a model that trains by gradient descent (mlp, logistic_regression with solver sgd) is "
                   "trained: epochs, batches, optimizer, learning rate and early stopping. Every option can be "
                   "searched. Without the section such a model trains with the defaults. See docs/schedules.md.",
    "type": "object",
    "additionalProperties": False,
    "properties": schedule_props,
}

defs["cv"] = old["$defs"]["cv"]
defs["cv"]["description"] = ("How the training rows (after the test split) are resampled. Default scheme: "
                             "stratified_kfold for classification, kfold for regression. Needs a 'dataset'.")

search = old["$defs"]["search"]
metric_desc = search["properties"]["metric"]["description"]
search["properties"]["metric"] = {
    "description": "The objective. Default: accuracy for classification, r2 for regression, value for a benchmark "
                   "function; required for a trial command. A learner's metric must suit the task.",
    "type": "string", "minLength": 1,
}
search["properties"]["metrics"] = {
    "description": "Further metrics to record; the objective is always recorded first and duplicates are dropped.",
    "type": "array", "items": {"type": "string", "minLength": 1},
}
search["properties"]["goal"]["description"] = (
    "Whether the objective is maximised or minimised. Default: the metric's own direction (minimize for log_loss, "
    "mse, rmse, mae and a benchmark's value and regret; maximize for the other metrics). Required for a trial "
    "command's metric that is not a known metric name.")
STRATEGIES = {
    # name: (description, {option: (schema, description)}) — mirrors SearchStrategyRegistry and each strategy's
    # OptionSchema. `trials` is shared by every strategy but grid.
    "grid": ("Every combination of the grid points (at most 1,000,000), the first hyperparameter varying slowest. "
             "Takes no options.", {}),
    "random": ("'trials' independent draws from every domain; identical draws run once.", {}),
    "sobol": ("A scrambled Sobol' sequence (Joe & Kuo direction numbers, up to 1111 dimensions); trial i is point "
              "i, so raising 'trials' keeps earlier ones. Balanced for powers of 2.",
              {"scramble": ({"type": "boolean", "default": True},
                            "linear matrix scramble and digital shift from the seed (as scipy's)")}),
    "latin_hypercube": ("A Latin hypercube of 'trials' points: every dimension cut into 'trials' strata, one point "
                        "in each. The design depends on 'trials'.",
                        {"centered": ({"type": "boolean", "default": False}, "points at the centres of their strata"),
                         "optimization": ({"enum": ["none", "maximin"], "default": "none"},
                                          "maximin: the candidate design with the largest minimum distance"),
                         "candidates": ({"type": "integer", "minimum": 1, "maximum": 10000, "default": 20},
                                        "designs drawn for maximin")}),
    "tpe": ("Tree-structured Parzen estimator (Bergstra et al. 2011; Optuna's TPESampler defaults): "
            "'initial_trials' random trials, then the candidate maximising l(x)/g(x). Adaptive.",
            {"initial_trials": ({"type": "integer", "minimum": 0, "maximum": 1000000, "default": 10},
                                "random trials before the model is used"),
             "candidates": ({"type": "integer", "minimum": 1, "maximum": 100000, "default": 24},
                            "candidates drawn from l(x) per suggestion"),
             "gamma": ({"type": "number", "exclusiveMinimum": 0, "maximum": 1},
                       "share of trials in the good group; default min(ceil(0.1 n), 25) trials"),
             "prior_weight": ({"type": "number", "exclusiveMinimum": 0, "default": 1.0},
                              "weight of the prior component"),
             "consider_endpoints": ({"type": "boolean", "default": False}, "Optuna's consider_endpoints"),
             "multivariate": ({"type": "boolean", "default": True}, "joint kernels over all dimensions"),
             "constant_liar": ({"type": "boolean", "default": True},
                               "count pending trials in the bad group")}),
    "evolution": ("A genetic algorithm for mixed spaces: tournament selection, crossover, mutation, elitism. "
                  "Adaptive.",
                  {"population": ({"type": "integer", "minimum": 2, "maximum": 100000, "default": 20},
                                  "trials per generation"),
                   "tournament_size": ({"type": "integer", "minimum": 1, "maximum": 1000, "default": 3},
                                       "contestants per tournament"),
                   "crossover": ({"enum": ["uniform", "blend"], "default": "blend"}, "how parents are combined"),
                   "crossover_rate": ({"type": "number", "minimum": 0, "maximum": 1, "default": 0.9},
                                      "probability of crossover"),
                   "mutation_rate": ({"type": "number", "minimum": 0, "maximum": 1},
                                     "probability of mutating a gene; default 1 / searched dimensions"),
                   "mutation_scale": ({"type": "number", "exclusiveMinimum": 0, "maximum": 1, "default": 0.1},
                                      "standard deviation of a mutation in unit coordinates"),
                   "elites": ({"type": "integer", "minimum": 0, "maximum": 100000, "default": 1},
                              "best trials always among the parents")}),
    "cmaes": ("CMA-ES (Hansen 2016) over continuous and integer dimensions; categorical ones drawn at random. "
              "Adaptive.",
              {"sigma0": ({"type": "number", "exclusiveMinimum": 0, "maximum": 1, "default": 0.16666666666666666},
                          "initial step size in unit coordinates"),
               "population": ({"type": "integer", "minimum": 2, "maximum": 100000},
                              "lambda; default 4 + floor(3 ln n)"),
               "margin": ({"type": "boolean", "default": False},
                          "CMA-ES with margin (Hamano et al. 2022) for linear integer dimensions")}),
    "bayesian": ("Gaussian-process optimisation: Matern 5/2 kernel with per-dimension length scales fitted by "
                 "maximising the marginal likelihood, expected improvement (or ucb, pi) optimised by multi-start "
                 "local search, after 'initial_trials' quasi-random ones. Adaptive.",
                 {"initial_trials": ({"type": "integer", "minimum": 1, "maximum": 1000000, "default": 10},
                                     "initial-design trials before the model is used"),
                  "initial_design": ({"enum": ["sobol", "random"], "default": "sobol"},
                                     "the initial trials: a scrambled Sobol' sequence, or random draws"),
                  "acquisition": ({"enum": ["ei", "ucb", "pi"], "default": "ei"}, "the acquisition function"),
                  "kappa": ({"type": "number", "minimum": 0, "default": 2.0}, "ucb: exploration weight"),
                  "xi": ({"type": "number", "minimum": 0, "default": 0.0},
                         "ei and pi: improvement margin, in standard deviations of the losses"),
                  "candidates": ({"type": "integer", "minimum": 1, "maximum": 1000000, "default": 2048},
                                 "random candidates scored per suggestion"),
                  "local_searches": ({"type": "integer", "minimum": 1, "maximum": 1000, "default": 10},
                                     "best candidates refined by local search"),
                  "max_observations": ({"type": "integer", "minimum": 10, "maximum": 100000, "default": 200},
                                       "most trials the GP is fitted to: the best half and the most recent"),
                  "deterministic_objective": ({"type": "boolean", "default": False},
                                              "assume noise-free losses (noise variance at its floor)")}),
}
search["properties"]["strategy"] = {
    "description": "Default: grid when every domain is finite, else random. See docs/search/.",
    "oneOf": [{"const": name, "description": text} for name, (text, _) in STRATEGIES.items()],
}
search["properties"]["trials"] = {
    "description": "Every strategy but grid: number of trials (integer in [1, 1000000], default 20). Cannot be "
                   "searched.",
    "type": "integer", "minimum": 1, "maximum": 1000000, "default": 20,
}
strategy_conditions = []
option_users = {}
for name, (_, options) in STRATEGIES.items():
    for option, (body, description) in options.items():
        option_users.setdefault(option, []).append((name, body, description))
for option, users in option_users.items():
    names = " and ".join(name for name, _, _ in users)
    text = "; ".join(f"{name}: {description}" for name, _, description in users)
    # The loosest bounds of the strategies that share the option; each strategy's validator is exact.
    body = dict(max((body for _, body, _ in users), key=lambda b: b.get("maximum", 0)))
    body.pop("default", None) if len(users) > 1 else None
    search["properties"][option] = dict(body, description=f"{names} only. {text}. Cannot be searched.")
all_options = sorted({option for _, options in STRATEGIES.values() for option in options})
for name, (_, options) in STRATEGIES.items():
    forbidden = {option: False for option in all_options if option not in options}
    if name == "grid":
        forbidden["trials"] = False
    if forbidden:
        strategy_conditions.append({"if": {"required": ["strategy"], "properties": {"strategy": {"const": name}}},
                                    "then": {"properties": forbidden}})
search.pop("if", None)
search.pop("then", None)
search["allOf"] = strategy_conditions
search["properties"]["seed_points"] = {
    "description": "Configurations evaluated first, in order, each giving every searched hyperparameter a value "
                   "in its domain (named as in the file, e.g. C or learning_rate.initial, or by path, model.C). "
                   "They count towards 'trials'.",
    "type": "array", "items": {"type": "object", "minProperties": 1},
}
search["properties"]["stop_when"] = {
    "description": "Stop the search once a trial's objective reaches the value (>= when maximised, <= when "
                   "minimised); decided in logical order, like adaptive suggestions.",
    "type": "object", "additionalProperties": False, "required": ["metric_reaches"],
    "properties": {"metric_reaches": {"type": "number"}},
}
search["properties"]["patience"] = {
    "description": "Stop the search after this many trials in a row without a better objective (integer >= 1).",
    "type": "integer", "minimum": 1, "maximum": 1000000,
}
search["properties"]["concurrency"] = {
    "description": "Logical concurrency of sequenced searches (adaptive strategies, pruning): trial i is suggested "
                   "and judged from the outcomes of trials before i - concurrency + 1, so -j changes speed, never "
                   "results (integer in [1, 4096], default 4). Cannot be searched.",
    "type": "integer", "minimum": 1, "maximum": 4096, "default": 4,
}
PRUNING_RULES = {
    # name: (description, {option: (schema, description)})
    "median": ("Stop a trial whose best value so far is worse than the median of the completed trials' values at "
               "the same epoch or step (Optuna's MedianPruner).",
               {"startup_trials": ({"type": "integer", "minimum": 0, "maximum": 1000000, "default": 5},
                                   "no trial is stopped until this many trials have completed"),
                "interval": ({"type": "integer", "minimum": 1, "maximum": 1000000, "default": 1},
                             "check every interval epochs from min_resource on")}),
    "successive_halving": ("Rungs at min_resource x reduction_factor^k; at each rung a trial goes on only if its "
                           "value is among the best 1/reduction_factor of the values the rung has seen (ASHA).",
                           {"min_early_stopping_rate": ({"type": "integer", "minimum": 0, "maximum": 64,
                                                         "default": 0}, "s: the first rung is min_resource x eta^s")}),
    "asha": ("The same rule as successive_halving, under the name of the paper (Li et al. 2020).",
             {"min_early_stopping_rate": ({"type": "integer", "minimum": 0, "maximum": 64, "default": 0},
                                          "s: the first rung is min_resource x eta^s")}),
    "hyperband": ("Successive halving in brackets of different patience (Li et al. 2018); each trial is drawn into "
                  "one bracket.", {}),
}
COMMON_PRUNING = {
    "min_resource": ({"type": "integer", "minimum": 1, "maximum": 1000000, "default": 1},
                     "the first epoch or step at which a trial may be stopped"),
    "max_resource": ({"type": "integer", "minimum": 1, "maximum": 1000000},
                     "the epochs or steps of a full trial; default: the schedule's epochs (required by hyperband "
                     "for a trial command)"),
}
pruning_variants = [{"const": name, "description": text} for name, (text, _) in PRUNING_RULES.items()]
pruning_objects = []
for name, (text, options) in PRUNING_RULES.items():
    properties = {"type": {"const": name}}
    merged = dict(COMMON_PRUNING)
    if name in ("successive_halving", "asha"):
        merged["reduction_factor"] = ({"type": "integer", "minimum": 2, "maximum": 100, "default": 4},
                                      "eta: about 1/eta of the trials reaching a rung go on")
    if name == "hyperband":
        merged["reduction_factor"] = ({"type": "integer", "minimum": 2, "maximum": 100, "default": 3},
                                      "eta: about 1/eta of the trials reaching a rung go on")
    merged.update(options)
    for option, (body, description) in merged.items():
        properties[option] = dict(body, description=description + ". Cannot be searched.")
    pruning_objects.append({"type": "object", "description": text, "additionalProperties": False,
                            "required": ["type"], "properties": properties})
search["properties"]["pruning"] = {
    "description": "Stop unpromising trials part-way, at epochs of a model trained by a schedule or at the steps a "
                   "trial command reports ({\"epoch\": N, ...} lines). A rule name, or a mapping with 'type' and "
                   "the rule's options. See docs/search/pruning.md.",
    "oneOf": [{"oneOf": pruning_variants}] + pruning_objects,
}
defs["search"] = search
defs["metricName"] = {
    "description": "A metric Hyperplan computes (docs/metrics.md).",
    "oneOf": [{"const": n, "description": f"{d} ({t}, {g})"} for n, t, g, d in METRICS],
}

duration = {
    "description": "A duration: a number of seconds > 0, or a string of numbers with units s, m, h, d such as "
                   "90s, 30m, 1.5h, 2d or 1h30m.",
    "anyOf": [
        {"type": "number", "exclusiveMinimum": 0},
        {"type": "string", "pattern":
            "^(?=.*[1-9])\\s*(?:(?:[0-9][0-9\\s]*(?:\\.[0-9\\s]*)?|\\.\\s*[0-9][0-9\\s]*)[smhd]\\s*)+$"},
    ],
}
defs["duration"] = duration
defs["execution"] = {
    "description": "How the run is executed; nothing here changes results or the experiment hash.",
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "jobs": old["$defs"]["execution"]["properties"]["jobs"],
        "budget": {
            "description": "Limits on the whole run. After 'time', no new trial starts and the run finishes with "
                           "the trials done.",
            "type": "object",
            "additionalProperties": False,
            "properties": {"time": {"allOf": [ref("duration")], "examples": ["8h", "30m"]}},
        },
        "trial_timeout": {
            "description": "A trial command running longer than this is killed and its trial fails (a duration). "
                           "Default: no limit. Only trial commands are timed.",
            "allOf": [ref("duration")], "examples": ["10m", 600],
        },
        "max_failed_trials": {
            "description": "Stop the sweep when more trials than this have failed: a count ≥ 0, or a fraction "
                           "strictly between 0 and 1 of the planned trials. Default: no limit.",
            "anyOf": [{"type": "integer", "minimum": 0},
                      {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1}],
        },
        "retries": {
            "description": "How many more times a failed fit (or trial command run) of a fold is tried (integer "
                           "in [0, 100]; default 0).",
            "type": "integer", "minimum": 0, "maximum": 100, "default": 0,
        },
    },
}
S["$defs"] = defs

text = json.dumps(S, indent=2, ensure_ascii=False) + "\n"
open(PATH, "w").write(text)
print("wrote", PATH, len(text))
