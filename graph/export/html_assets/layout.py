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
    """Columns: longest-path layering, sources just before their first effect, then each
    node moved to the least crowded column its causes and effects allow."""
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
    # Balance the columns: move each node, within the columns its causes and effects
    # allow, to the least crowded one.
    last = max(layer.values())
    count = dict.fromkeys(range(last + 1), 0)
    for node in members:
        count[layer[node]] += 1
    parents: dict[int, list[int]] = {m: [] for m in members}
    for node in members:
        for child in dag[node]:
            parents[child].append(node)
    for node in order:
        if not parents[node]:
            continue
        low = max(layer[p] for p in parents[node]) + 1
        high = min((layer[c] for c in dag[node]), default=last + 1) - 1
        best = min(range(low, high + 1), key=lambda c: (count[c], abs(c - layer[node])))
        count[layer[node]] -= 1
        count[best] += 1
        layer[node] = best
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
    ids: Sequence[str],
    pairs: Sequence[tuple[str, str]],
    loose: Sequence[tuple[str, str]] = (),
    dx: float = 195.0,
    dy: float = 105.0,
) -> Positions:
    """Left-to-right layered positions: causes to the left of their effects.

    ``pairs`` are directed edges that set the columns (cycles are broken); ``loose`` pairs
    (e.g. part-of) only keep their nodes together: a node with loose edges alone takes the
    column of its neighbour. The largest connected component is drawn first; the others
    are packed in rows below it. Pure Python, deterministic, for up to a few hundred nodes.
    """
    index = {name: i for i, name in enumerate(ids)}
    n = len(ids)
    succ: list[set[int]] = [set() for _ in range(n)]
    adjacent: list[set[int]] = [set() for _ in range(n)]
    linked: list[set[int]] = [set() for _ in range(n)]
    for edges, directed in ((pairs, True), (loose, False)):
        for u, v in edges:
            a, b = index[u], index[v]
            if a == b:
                continue
            if directed:
                succ[a].add(b)
            (adjacent if directed else linked)[a].add(b)
            (adjacent if directed else linked)[b].add(a)
    everything = [adjacent[i] | linked[i] for i in range(n)]
    components = sorted(_components(n, everything), key=lambda c: (-len(c), c[0]))
    placed: list[tuple[dict[int, tuple[float, float]], float, float]] = []
    for members in components:
        layer = _layers(members, _acyclic(members, succ))
        free = [m for m in members if not adjacent[m]]
        while free:  # nodes tied only by loose edges: the column of a neighbour
            settled = [m for m in free if any(o not in free for o in linked[m])]
            for m in settled or free[:1]:
                layer[m] = min((layer[o] for o in linked[m] if o not in free), default=0)
                free.remove(m)
        shift = min(layer.values())
        layer = {m: value - shift for m, value in layer.items()}
        rows = _ordered(members, layer, everything)
        height = max(len(row) for row in rows)
        local = {}
        for number, row in enumerate(rows):
            for k, node in enumerate(row):
                local[node] = (number * dx, ((height - 1) / 2 + k - (len(row) - 1) / 2) * dy)
        placed.append((local, len(rows) * dx, height * dy))
    positions: Positions = {}
    shelf_width = max([3 * dx] + [w for _, w, _ in placed[:1]])
    x = top = shelf = 0.0
    for local, extent_x, extent_y in placed:
        if x > 0 and x + extent_x > shelf_width:
            x, top, shelf = 0.0, top + shelf + dy, 0.0
        for node, (px, py) in local.items():
            positions[ids[node]] = (round(x + px, 1), round(top + py, 1))
        x += extent_x
        shelf = max(shelf, extent_y)
    return positions


def force_layout(
    ids: Sequence[str],
    pairs: Sequence[tuple[str, str]],
    *,
    seed: int = 7,
    iterations: int = 40,
    neighbours: int = 8,
    density: float = 25.0,
    grid: int = 64,
    scale: float = 70.0,
) -> Positions:
    """Force-directed positions for large graphs, in O(n log n + m) per iteration.

    Edges pull as in Fruchterman-Reingold; each node is pushed by its ``neighbours``
    nearest nodes within twice the ideal edge length (a k-d tree query) and, globally,
    down the gradient of the smoothed node density on a ``grid`` x ``grid`` raster (as in
    DrL), so that dense cores spread out. Nodes without edges fill a grid beside the
    rest. 20k nodes take about 1.5 s. Deterministic for a given ``seed``.
    """
    import numpy as np
    from scipy.ndimage import gaussian_filter
    from scipy.spatial import cKDTree

    linked = sorted({name for a, b in pairs if a != b for name in (a, b)})
    index = {name: i for i, name in enumerate(linked)}
    lonely = [name for name in ids if name not in index]
    n = len(linked)
    edge_array = np.array(
        sorted({(index[a], index[b]) for a, b in pairs if a != b}), dtype=np.int64
    ).reshape(-1, 2)
    u, v = edge_array[:, 0], edge_array[:, 1]
    k = 1.0
    side = math.sqrt(max(n, 1)) * 1.6
    pos = np.random.default_rng(seed).random((n, 2)) * side
    temperature = side / 8
    cooling = temperature / (iterations + 1)
    count = min(neighbours + 1, n)
    for _ in range(iterations if n > 1 else 0):
        disp = np.zeros((n, 2))
        dist, near = cKDTree(pos).query(pos, k=count, distance_upper_bound=2 * k)
        dist, near = dist[:, 1:], near[:, 1:]  # the nearest neighbour is the node itself
        found = np.isfinite(dist)
        near = np.where(found, near, 0)
        delta = pos[:, None, :] - pos[near]
        strength = np.where(found, k * k / np.maximum(np.where(found, dist, 1.0) ** 2, 1e-4), 0)
        disp += (delta * strength[..., None]).sum(axis=1)
        low = pos.min(axis=0)
        cell = max(float((pos.max(axis=0) - low).max()) / (grid - 1), 1e-9)
        cells = ((pos - low) / cell).astype(np.int64)
        counts = np.zeros((grid, grid))
        np.add.at(counts, (cells[:, 0], cells[:, 1]), 1.0)
        smooth = gaussian_filter(counts / (cell * cell), sigma=1.5, mode="constant")
        gx, gy = np.gradient(smooth, cell)
        disp[:, 0] -= density * gx[cells[:, 0], cells[:, 1]]
        disp[:, 1] -= density * gy[cells[:, 0], cells[:, 1]]
        delta = pos[u] - pos[v]
        pull = delta * (np.hypot(delta[:, 0], delta[:, 1]) / k)[:, None]
        for axis in (0, 1):
            disp[:, axis] += np.bincount(v, pull[:, axis], n) - np.bincount(u, pull[:, axis], n)
        length = np.maximum(np.hypot(disp[:, 0], disp[:, 1]), 1e-9)
        pos += disp * (np.minimum(length, temperature) / length)[:, None]
        temperature -= cooling
    positions: Positions = {}
    if n:
        pos = (pos - pos.mean(axis=0)) * scale
        for name, (x, y) in zip(linked, pos, strict=True):
            positions[name] = (round(float(x), 1), round(float(y), 1))
    if lonely:
        left = max((x for x, _ in positions.values()), default=-2 * scale) + 2 * scale
        top = min((y for _, y in positions.values()), default=0.0)
        width = max(1, math.ceil(math.sqrt(len(lonely))))
        for number, name in enumerate(lonely):
            row, col = divmod(number, width)
            positions[name] = (round(left + col * scale, 1), round(top + row * scale, 1))
    return positions
