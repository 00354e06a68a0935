"""Deterministic node layouts for the HTML export, computed in Python so that the page
needs no physics simulation: a layered left-to-right layout for small graphs (causes to
the left of their effects) and a fast force-directed layout for large ones."""

from __future__ import annotations

import heapq
import math
from collections.abc import Sequence

__all__ = ["layered_layout", "force_layout"]

Positions = dict[str, tuple[float, float]]


def _components(n: int, adjacent: list[set[int]]) -> list[list[int]]:
    seen = [False] * n
    components = []
    for start in range(n):
        if seen[start]:
            continue
        seen[start] = True
        members, stack = [], [start]
        while stack:
            node = stack.pop()
            members.append(node)
            for other in sorted(adjacent[node]):
                if not seen[other]:
                    seen[other] = True
                    stack.append(other)
        components.append(sorted(members))
    return components


def _acyclic(members: list[int], succ: list[set[int]]) -> dict[int, list[int]]:
    """Successor lists of ``members`` without the back edges of a depth-first search."""
    state: dict[int, int] = {}  # 1 on the stack, 2 done
    dag: dict[int, list[int]] = {m: [] for m in members}
    for root in members:
        if root in state:
            continue
        state[root] = 1
        stack = [(root, iter(sorted(succ[root])))]
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                state[node] = 2
                stack.pop()
            elif state.get(child) == 1:
                continue  # a back edge closes a cycle: ignore it for layering
            else:
                dag[node].append(child)
                if child not in state:
                    state[child] = 1
                    stack.append((child, iter(sorted(succ[child]))))
    return dag


def _layers(members: list[int], dag: dict[int, list[int]]) -> dict[int, int]:
    """Longest-path layering; sources move right to sit just before their first effect."""
    indegree = dict.fromkeys(members, 0)
    for node in members:
        for child in dag[node]:
            indegree[child] += 1
    heap = [m for m in members if indegree[m] == 0]
    heapq.heapify(heap)
    layer = dict.fromkeys(members, 0)
    order = []
    while heap:
        node = heapq.heappop(heap)
        order.append(node)
        for child in dag[node]:
            layer[child] = max(layer[child], layer[node] + 1)
            indegree[child] -= 1
            if indegree[child] == 0:
                heapq.heappush(heap, child)
    has_parent = {child for node in members for child in dag[node]}
    for node in reversed(order):
        if node not in has_parent and dag[node]:
            layer[node] = min(layer[child] for child in dag[node]) - 1
    return layer


def _ordered(
    members: list[int], layer: dict[int, int], adjacent: list[set[int]]
) -> list[list[int]]:
    """Nodes of each layer, ordered by barycentre sweeps to reduce edge crossings."""
    depth = max(layer.values()) + 1
    rows: list[list[int]] = [[] for _ in range(depth)]
    for node in members:
        rows[layer[node]].append(node)
    where: dict[int, float] = {}

    def place(row: list[int]) -> None:
        for k, node in enumerate(row):
            where[node] = k - (len(row) - 1) / 2

    for row in rows:
        place(row)
    for sweep in range(8):
        downward = sweep % 2 == 0
        sequence = range(1, depth) if downward else range(depth - 2, -1, -1)
        for number in sequence:
            keys = {}
            for node in rows[number]:
                near = [
                    where[o]
                    for o in adjacent[node]
                    if (layer[o] < number if downward else layer[o] > number)
                ]
                keys[node] = (sum(near) / len(near) if near else where[node], where[node])
            rows[number].sort(key=keys.__getitem__)
            place(rows[number])
    return rows


def layered_layout(
    ids: Sequence[str], pairs: Sequence[tuple[str, str]], dx: float = 215.0, dy: float = 100.0
) -> Positions:
    """Left-to-right layered positions: each edge points right where the graph allows.

    Connected components are stacked top to bottom (largest first); nodes without any
    edge fill a grid below them. Pure Python, deterministic, for graphs of up to a few
    hundred nodes.
    """
    index = {name: i for i, name in enumerate(ids)}
    n = len(ids)
    succ: list[set[int]] = [set() for _ in range(n)]
    adjacent: list[set[int]] = [set() for _ in range(n)]
    for u, v in pairs:
        a, b = index[u], index[v]
        if a != b:
            succ[a].add(b)
            adjacent[a].add(b)
            adjacent[b].add(a)
    positions: Positions = {}
    top = 0.0
    components = _components(n, adjacent)
    connected = sorted((c for c in components if len(c) > 1), key=lambda c: (-len(c), c[0]))
    lonely = [c[0] for c in components if len(c) == 1]
    for members in connected:
        rows = _ordered(members, _layers(members, _acyclic(members, succ)), adjacent)
        height = max(len(row) for row in rows)
        for number, row in enumerate(rows):
            for k, node in enumerate(row):
                y = top + ((height - 1) / 2 + k - (len(row) - 1) / 2) * dy
                positions[ids[node]] = (round(number * dx, 1), round(y, 1))
        top += (height + 1) * dy
    width = max(1, math.ceil(math.sqrt(len(lonely))))
    for k, node in enumerate(lonely):
        positions[ids[node]] = (round((k % width) * dx, 1), round(top + (k // width) * dy, 1))
    return positions


def force_layout(
    ids: Sequence[str],
    pairs: Sequence[tuple[str, str]],
    *,
    seed: int = 7,
    iterations: int = 60,
    scale: float = 70.0,
) -> Positions:
    """Fruchterman-Reingold positions with the grid variant's local repulsion.

    Nodes repel only neighbours closer than twice the ideal edge length (found with a
    k-d tree), so an iteration costs about O(n log n + m): 20k nodes take about a second.
    Deterministic for a given ``seed``.
    """
    import numpy as np
    from scipy.spatial import cKDTree

    n = len(ids)
    if n == 0:
        return {}
    index = {name: i for i, name in enumerate(ids)}
    edge_array = np.array(
        sorted({(index[u], index[v]) for u, v in pairs if u != v}), dtype=np.int64
    ).reshape(-1, 2)
    u, v = edge_array[:, 0], edge_array[:, 1]
    k = 1.0
    side = math.sqrt(n) * 1.6
    pos = np.random.default_rng(seed).random((n, 2)) * side
    temperature = side / 8
    cooling = temperature / (iterations + 1)
    for _ in range(iterations):
        disp = np.zeros((n, 2))
        near = cKDTree(pos).query_pairs(2 * k, output_type="ndarray")
        if len(near):
            i, j = near[:, 0], near[:, 1]
            delta = pos[i] - pos[j]
            dist2 = np.maximum((delta**2).sum(axis=1), 1e-4)
            push = delta * (k * k / dist2)[:, None]
            for axis in (0, 1):
                disp[:, axis] += np.bincount(i, push[:, axis], n) - np.bincount(j, push[:, axis], n)
        if len(u):
            delta = pos[u] - pos[v]
            pull = delta * (np.sqrt((delta**2).sum(axis=1)) / k)[:, None]
            for axis in (0, 1):
                disp[:, axis] += np.bincount(v, pull[:, axis], n) - np.bincount(u, pull[:, axis], n)
        length = np.maximum(np.sqrt((disp**2).sum(axis=1)), 1e-9)
        pos += disp * (np.minimum(length, temperature) / length)[:, None]
        temperature -= cooling
    pos = (pos - pos.mean(axis=0)) * scale
    return {
        name: (round(float(x), 1), round(float(y), 1))
        for name, (x, y) in zip(ids, pos, strict=True)
    }
