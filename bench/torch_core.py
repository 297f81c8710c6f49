#!/usr/bin/env python3
"""PyTorch side of `npm run bench -- core`: times the same cases as bench/core.ts
and prints one JSON line {case: seconds per iteration}. Arguments: one JSON
object {"threads": T, "cases": [...], "iters": {...}}."""
import json
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

cfg = json.loads(sys.argv[1])
torch.set_num_threads(cfg["threads"])
torch.manual_seed(0)
iters = cfg["iters"]


def per_iter(fn, name):
    n = iters[name]
    for _ in range(max(2, n // 5)):
        fn()
    t = time.perf_counter()
    for _ in range(n):
        fn()
    return (time.perf_counter() - t) / n


def gemm(m, k, n):
    a, b = torch.randn(m, k), torch.randn(k, n)
    out = torch.empty(m, n)
    return lambda: torch.mm(a, b, out=out)


def mlp(sizes):
    layers = []
    for i in range(len(sizes) - 1):
        layers.append(nn.Linear(sizes[i], sizes[i + 1]))
        if i < len(sizes) - 2:
            layers.append(nn.ReLU())
    return nn.Sequential(*layers)


def cnn():
    return nn.Sequential(nn.Conv2d(1, 32, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Conv2d(32, 64, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
                         nn.Linear(3136, 1024), nn.ReLU(), nn.Linear(1024, 10))


class ReluConvBn(nn.Module):
    def __init__(self, c, k):
        super().__init__()
        self.conv = nn.Conv2d(c, c, k, padding=(k - 1) // 2, bias=False)
        self.bn = nn.BatchNorm2d(c)

    def forward(self, x):
        return self.bn(self.conv(F.relu(x)))


class Supernet(nn.Module):
    """Same as bench/core.ts's supernet: every NB201 edge sums 0.2 * (conv1x1, conv3x3, avg pool, skip)."""
    EDGES = [(0, 1), (0, 2), (1, 2), (0, 3), (1, 3), (2, 3)]

    def __init__(self, c):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, c, 3, padding=1, bias=False), nn.BatchNorm2d(c))
        self.ops = nn.ModuleList(nn.ModuleList([ReluConvBn(c, 1), ReluConvBn(c, 3), nn.AvgPool2d(3, 1, 1)]) for _ in self.EDGES)
        self.head_bn = nn.BatchNorm2d(c)
        self.fc = nn.Linear(c, 10)

    def forward(self, x):
        values = [self.stem(x)]
        for v in (1, 2, 3):
            total = None
            for i, (a, b) in enumerate(self.EDGES):
                if b != v:
                    continue
                src = values[a]
                edge = None
                for op in self.ops[i]:
                    term = op(src) * 0.2
                    edge = term if edge is None else edge + term
                edge = edge + src * 0.2
                total = edge if total is None else total + edge
            values.append(total)
        h = F.relu(self.head_bn(values[3]))
        return self.fc(F.adaptive_avg_pool2d(h, 1).flatten(1))


class SearchCell(nn.Module):
    """NB201 cell of the search supernet: every edge mixes none/skip/conv1x1/conv3x3/avg pool by softmax(alpha)."""

    def __init__(self, c):
        super().__init__()
        self.ops = nn.ModuleList(nn.ModuleList([ReluConvBn(c, 1), ReluConvBn(c, 3), nn.AvgPool2d(3, 1, 1)]) for _ in Supernet.EDGES)

    def forward(self, x, w):
        values = [x]
        for v in (1, 2, 3):
            total = None
            for i, (a, b) in enumerate(Supernet.EDGES):
                if b != v:
                    continue
                src = values[a]
                # op order: none (contributes 0), skip, conv1x1, conv3x3, avg pool
                edge = src * w[i, 1] + self.ops[i][0](src) * w[i, 2] + self.ops[i][1](src) * w[i, 3] + self.ops[i][2](src) * w[i, 4]
                total = edge if total is None else total + edge
            values.append(total)
        return values[3]


class Reduction(nn.Module):
    """NB201's residual reduction block: stride-2 ReLU-conv-BN, ReLU-conv-BN, shortcut avg pool + 1x1 conv."""

    def __init__(self, cin, cout):
        super().__init__()
        self.a = nn.Sequential(nn.ReLU(), nn.Conv2d(cin, cout, 3, stride=2, padding=1, bias=False), nn.BatchNorm2d(cout))
        self.b = nn.Sequential(nn.ReLU(), nn.Conv2d(cout, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout))
        self.short = nn.Sequential(nn.AvgPool2d(2, 2), nn.Conv2d(cin, cout, 1, bias=False))

    def forward(self, x):
        return self.b(self.a(x)) + self.short(x)


class SearchSupernet(nn.Module):
    """Same as bench/supernet.ts's dartsStep: stem, 3 stages of 1 cell, reductions between, head; alpha [6, 5]."""

    def __init__(self, c):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, c, 3, padding=1, bias=False), nn.BatchNorm2d(c))
        self.cells = nn.ModuleList([SearchCell(c), SearchCell(2 * c), SearchCell(4 * c)])
        self.reductions = nn.ModuleList([Reduction(c, 2 * c), Reduction(2 * c, 4 * c)])
        self.head_bn = nn.BatchNorm2d(4 * c)
        self.fc = nn.Linear(4 * c, 10)
        self.alpha = nn.Parameter(torch.zeros(6, 5))

    def weights(self):
        return [p for n, p in self.named_parameters() if n != "alpha"]

    def forward(self, x):
        w = F.softmax(self.alpha, dim=1)
        h = self.cells[0](self.stem(x), w)
        h = self.cells[1](self.reductions[0](h), w)
        h = self.cells[2](self.reductions[1](h), w)
        h = F.relu(self.head_bn(h))
        return self.fc(F.adaptive_avg_pool2d(h, 1).flatten(1))


def darts_step(c):
    model = SearchSupernet(c)
    xw, xa = torch.randn(64, 3, 32, 32), torch.randn(64, 3, 32, 32)
    y = torch.arange(64) % 10
    w_opt = torch.optim.SGD(model.weights(), lr=0.025, momentum=0.9, nesterov=True, weight_decay=5e-4)
    a_opt = torch.optim.Adam([model.alpha], lr=3e-4, betas=(0.5, 0.999), weight_decay=1e-3)

    def step():
        # alpha step: gradients for alpha only, as a DARTS implementation would compute them
        for p in model.weights():
            p.requires_grad_(False)
        a_opt.zero_grad(set_to_none=True)
        F.cross_entropy(model(xa), y).backward()
        a_opt.step()
        for p in model.weights():
            p.requires_grad_(True)
        model.alpha.requires_grad_(False)
        w_opt.zero_grad(set_to_none=True)
        F.cross_entropy(model(xw), y).backward()
        w_opt.step()
        model.alpha.requires_grad_(True)
    return step


def train_step(model, x, y):
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)

    def step():
        opt.zero_grad(set_to_none=True)
        F.cross_entropy(model(x), y).backward()
        opt.step()
    return step


def surgery():
    # Remove half the units of the first 4096-wide hidden layer, with Adam state, as a PyTorch user would.
    model = mlp([784, 4096, 4096, 10])
    x, y = torch.randn(128, 784), torch.randint(0, 10, (128,))
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    F.cross_entropy(model(x), y).backward()
    opt.step()
    keep = torch.arange(0, 4096, 2)
    l1, l2 = model[0], model[2]
    t = time.perf_counter()
    with torch.no_grad():
        new = {}
        for p, dim in ((l1.weight, 0), (l1.bias, 0), (l2.weight, 1)):
            q = nn.Parameter(p.index_select(dim, keep))
            q.grad = p.grad.index_select(dim, keep)
            st = opt.state.pop(p)
            opt.state[q] = {"step": st["step"], "exp_avg": st["exp_avg"].index_select(dim, keep),
                            "exp_avg_sq": st["exp_avg_sq"].index_select(dim, keep)}
            new[id(p)] = q
        l1.weight, l1.bias, l2.weight = new[id(l1.weight)], new[id(l1.bias)], new[id(l2.weight)]
        opt.param_groups[0]["params"] = [new.get(id(p), p) for p in opt.param_groups[0]["params"]]
    return time.perf_counter() - t


results = {}
for case in cfg["cases"]:
    if case == "gemm_128x784x1024":
        results[case] = per_iter(gemm(128, 784, 1024), case)
    elif case == "gemm_128x1024x10":
        results[case] = per_iter(gemm(128, 1024, 10), case)
    elif case == "gemm_1024x1024x1024":
        results[case] = per_iter(gemm(1024, 1024, 1024), case)
    elif case == "mlp_784_1024_10":
        results[case] = per_iter(train_step(mlp([784, 1024, 10]), torch.randn(128, 784), torch.randint(0, 10, (128,))), case)
    elif case == "mlp_784_4096_4096_10":
        results[case] = per_iter(train_step(mlp([784, 4096, 4096, 10]), torch.randn(128, 784), torch.randint(0, 10, (128,))), case)
    elif case == "cnn_lenet":
        results[case] = per_iter(train_step(cnn(), torch.randn(64, 1, 28, 28), torch.randint(0, 10, (64,))), case)
    elif case in ("supernet_c16", "supernet_c32"):
        results[case] = per_iter(train_step(Supernet(int(case[-2:])), torch.randn(64, 3, 32, 32), torch.randint(0, 10, (64,))), case)
    elif case == "darts_step_c16":
        results[case] = per_iter(darts_step(16), case)
    elif case == "tinyop_add128":
        a, b = torch.randn(128), torch.randn(128)
        n = iters[case]

        def loop():
            for _ in range(1000):
                torch.add(a, b)
        results[case] = per_iter(loop, case) / 1000
    elif case == "surgery_4096":
        results[case] = sorted(surgery() for _ in range(iters[case]))[iters[case] // 2]
print(json.dumps({"torch": torch.__version__, "results": results}))
