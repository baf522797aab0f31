#!/usr/bin/env python3
"""A classifier written by a user, run by Hyperplan on each cross-validation fold.

It reads the fold's training and validation rows (CSV files Hyperplan writes), standardizes the features on
the training rows only, classifies each validation row by its nearest class centroid, optionally shrunk
towards the overall mean, and prints its accuracy as JSON. Standard library only.
"""
import csv
import json
import math
import sys

train_path, validation_path, shrinkage = sys.argv[1], sys.argv[2], float(sys.argv[3])


def read(path):
    with open(path, newline="") as file:
        rows = list(csv.reader(file))
    header, body = rows[0], rows[1:]
    return [[float(value) for value in row[:-1]] for row in body], [row[-1] for row in body]


train_x, train_y = read(train_path)
validation_x, validation_y = read(validation_path)
columns = len(train_x[0])
means = [sum(row[j] for row in train_x) / len(train_x) for j in range(columns)]
scales = [math.sqrt(sum((row[j] - means[j]) ** 2 for row in train_x) / len(train_x)) or 1.0 for j in range(columns)]


def scaled(row):
    return [(row[j] - means[j]) / scales[j] for j in range(columns)]


centroids = {}
for label in sorted(set(train_y)):
    members = [scaled(row) for row, y in zip(train_x, train_y) if y == label]
    centroids[label] = [(1 - shrinkage) * sum(member[j] for member in members) / len(members) for j in range(columns)]


def predict(row):
    point = scaled(row)
    return min(centroids, key=lambda label: sum((p - c) ** 2 for p, c in zip(point, centroids[label])))


def accuracy(xs, ys):
    return sum(predict(x) == y for x, y in zip(xs, ys)) / len(ys)


print(json.dumps({"accuracy": accuracy(validation_x, validation_y), "train_accuracy": accuracy(train_x, train_y)}))
