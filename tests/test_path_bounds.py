"""Step bounds and the pruned search: the bounds never exceed a true distance, and a
search pruned by them (tight or capped, early or never) finds exactly the same paths as
the unpruned search and the brute-force oracle, hubs included."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mechkg.paths import bounds as bounds_module
from mechkg.paths import iter_paths, path_index
from mechkg.paths import search as search_module
from mechkg.paths.bounds import HopBounds, Reach, hop_distances
from mechkg.paths.budget import WorkBudget
from mechkg.paths.routes import _branches
from mechkg.paths.spec import PathQuery
from mechkg.paths.steps import StepFilter, StepView

from tests.test_paths import brute_keys, make_kg

N = 14
LEVELS = ("experiment", "inferred", "hypothesis", "correlation", "background")
RELS = ("increases", "decreases", "regulates", "causes_no_change", "part_of", "associated")

edge = st.tuples(
    st.integers(0, N - 1), st.integers(0, N - 1), st.sampled_from(RELS), st.sampled_from(LEVELS)
)
hub_edges = st.tuples(
    st.integers(0, N - 1),  # the hub
    st.lists(st.integers(0, N - 1), min_size=3, max_size=N),  # its neighbours
    st.booleans(),  # out of the hub, or into it
    st.sampled_from(LEVELS),
)


def graph(edges, hubs):
    rows = [(a, b, rel, ev) for a, b, rel, ev in edges if a != b]
    for hub, others, out, ev in hubs:
        rows += [(hub, o, "increases", ev) if out else (o, hub, "increases", ev) for o in others]
    claims = [
        (f"c{i:03d}", f"n{a}", rel, f"n{b}", ev) for i, (a, b, rel, ev) in enumerate(rows) if a != b
    ]
    return make_kg(claims, entities=[f"n{i}" for i in range(N)])


def true_distances(ix, root: int, forward: bool) -> dict[int, int]:
    dist, frontier = {root: 0}, [root]
    start, nbr = (ix.out_start, ix.out_nbr) if forward else (ix.in_start, ix.in_nbr)
    while frontier:
        nxt = []
        for u in frontier:
            for v in nbr[start[u] : start[u + 1]]:
                if v not in dist:
                    dist[v] = dist[u] + 1
                    nxt.append(v)
        frontier = nxt
    return dist


@settings(max_examples=80, deadline=None)
@given(
    edges=st.lists(edge, max_size=40),
    hubs=st.lists(hub_edges, max_size=3),
    depth=st.integers(0, 6),
    cap=st.sampled_from([0, 1, 5, 20, 10_000]),
)
def test_bounds_never_exceed_a_true_distance(edges, hubs, depth, cap):
    ix = path_index(graph(edges, hubs))
    for root, forward in itertools.product(range(N), (True, False)):
        start, nbr = (ix.out_start, ix.out_nbr) if forward else (ix.in_start, ix.in_nbr)
        dist, floor, entries = hop_distances(start, nbr, root, depth, cap)
        assert entries <= cap and floor >= 1
        true = true_distances(ix, root, forward)
        for v in range(N):
            bound = dist.get(v, floor)
            if v in true:
                assert bound <= true[v] or true[v] > depth
                if v in dist:
                    assert dist[v] == true[v]  # reached nodes have their exact distance
            else:
                assert bound >= 1 or v == root


def ranked(kg, cutoff, **options):
    return [
        (p.sort_key()[:3], [e.id for e in p.nodes])
        for p in iter_paths(kg, "n0", f"n{N - 1}", cutoff=cutoff, **options)
    ]


@settings(max_examples=120, deadline=None)
@given(
    edges=st.lists(edge, min_size=1, max_size=45),
    hubs=st.lists(hub_edges, max_size=3),
    cutoff=st.integers(1, 6),
    cap=st.sampled_from([2, 30, 100_000]),
    options=st.sampled_from([{}, {"correlations": True}, {"min_evidence": "inferred"}]),
)
def test_pruned_search_finds_the_unpruned_paths(edges, hubs, cutoff, cap, options):
    kg = graph(edges, hubs)
    with pytest.MonkeyPatch.context() as m:
        m.setattr(search_module, "LAZY_BOUNDS", 10**18)  # never bounded
        unpruned = ranked(kg, cutoff, **options)
    with pytest.MonkeyPatch.context() as m:
        m.setattr(search_module, "LAZY_BOUNDS", -1)  # bounded from the first spur search
        m.setattr(search_module, "BOUND_ENTRIES", cap)  # tight or capped bounds
        pruned = ranked(kg, cutoff, **options)
        via = []
        if cutoff >= 2:
            via = list(iter_paths(kg, "n0", f"n{N - 1}", cutoff=cutoff, via="n3", **options))
    assert [k for k, _ in unpruned] == brute_keys(kg, "n0", f"n{N - 1}", cutoff, **options)
    # same paths in the same order (ties are ordered by entity ids, whatever the search)
    assert pruned == unpruned
    expected = brute_keys(kg, "n0", f"n{N - 1}", cutoff, via="n3", **options)
    assert [p.sort_key()[:3] for p in via] == (expected if cutoff >= 2 else [])


@settings(max_examples=60, deadline=None)
@given(edges=st.lists(edge, min_size=1, max_size=45), hubs=st.lists(hub_edges, max_size=3))
def test_spur_search_with_bounds_matches_without(edges, hubs):
    ix = path_index(graph(edges, hubs))
    view = StepView(ix, StepFilter())
    cutoff, big = 6, 6 * view.max_support + 1
    s, t = 0, N - 1
    bounds = HopBounds(ix, s, t, cutoff)
    reach = true_distances(ix, s, forward=True)
    for spur, offset, level in itertools.product(range(N), range(3), range(2)):
        if spur == t:
            continue
        banned = frozenset(range(1, offset + 1)) - {spur}
        args = (view, spur, t, level, cutoff - offset, big, banned)
        plain = search_module.shortest(*args)
        pruned = search_module.shortest(*args, work=WorkBudget(None), bounds=bounds, offset=offset)
        if reach.get(spur, N) > offset:
            continue  # not a spur of this query: s cannot reach it in ``offset`` steps
        assert (plain is None) == (pruned is None)
        if plain is not None:
            assert plain[0] == pruned[0]  # the same cost (ties may pick another path)


@settings(max_examples=60, deadline=None)
@given(edges=st.lists(edge, min_size=1, max_size=45), hubs=st.lists(hub_edges, max_size=3))
def test_pair_steps_and_branches_agree_with_whole_node_steps(edges, hubs):
    ix = path_index(graph(edges, hubs))
    alone, whole = StepView(ix, StepFilter()), StepView(ix, StepFilter())
    for u in range(N):
        table = {v: (r, s) for v, r, s in whole.succ(u)}
        for v in range(N):
            assert alone.edge(u, v) == table.get(v)
            assert whole.edge(u, v) == table.get(v)
    for nodes in itertools.permutations(range(5), 3):
        for level in range(3):
            got, _ = _branches(StepView(ix, StepFilter()), list(nodes), level)
            before, _, after = nodes
            expected = sorted(
                (
                    x
                    for x, rank, _ in whole.succ(before)
                    if x not in nodes
                    and rank >= level
                    and (step := whole.edge(x, after)) is not None
                    and step[0] >= level
                ),
                key=lambda n: ix.entity_ids[n],
            )
            assert got == [expected]


def test_decoding_a_hub_is_charged_to_the_work_budget():
    # 500 claims a path never follows at each end: decoding them costs, whatever they yield
    claims = [(f"c{i}", "hub", "part_of", f"x{i}", "experiment") for i in range(500)]
    claims += [(f"d{i}", f"y{i}", "part_of", "end", "experiment") for i in range(500)]
    claims += [
        (f"{a}{b}", a, "increases", b, "experiment")
        for a, b in (("hub", "x0"), ("x0", "y0"), ("y0", "end"))
    ]
    ix = path_index(make_kg(claims))
    view = StepView(ix, StepFilter())
    work = WorkBudget(None)
    hub, end = ix.node("hub"), ix.node("end")
    found = search_module.shortest(view, hub, end, 0, 6, 6 * view.max_support + 1, work=work)
    assert found is not None and len(found[1]) == 4
    assert view.decoded >= 500 and work.spent >= view.decoded


@settings(max_examples=60, deadline=None)
@given(
    edges=st.lists(edge, max_size=45),
    hubs=st.lists(hub_edges, max_size=3),
    caps=st.lists(st.integers(0, 60), min_size=1, max_size=4),
)
def test_widened_bounds_equal_bounds_computed_at_once(edges, hubs, caps):
    ix = path_index(graph(edges, hubs))
    for root, forward in itertools.product(range(N), (True, False)):
        start, nbr = (ix.out_start, ix.out_nbr) if forward else (ix.in_start, ix.in_nbr)
        reach, examined = Reach(start, nbr, root, 5), 0
        for cap in sorted(caps):
            examined += reach.extend(cap)
            assert (reach.dist, reach.floor, reach.entries) == hop_distances(
                start, nbr, root, 5, cap
            )
            assert examined == reach.entries  # no entry examined twice
    s, t = 0, N - 1
    widened = HopBounds(ix, s, t, 5, caps[0])
    for cap in caps[1:]:
        widened.widen(cap)
    fresh = HopBounds(ix, s, t, 5, max(caps))
    assert widened.cap == fresh.cap and widened.capped == fresh.capped
    assert widened.entries == fresh.entries
    assert (widened.to_levels, widened.from_levels) == (fresh.to_levels, fresh.from_levels)


def cheapest_by_enumeration(view, s, t, level, budget, big, banned, banned_next):
    """The least cost of every simple ``s -> t`` path the spur search may return."""
    best = None
    stack = [(s, (s,), 0)]
    while stack:
        u, nodes, cost = stack.pop()
        if u == t:
            best = cost if best is None else min(best, cost)
            continue
        if len(nodes) > budget:
            continue
        for v, rank, sup in view.succ(u):
            if rank < level or v in nodes or v in banned or (u == s and v in banned_next):
                continue
            stack.append((v, (*nodes, v), cost + big - sup))
    return best


@settings(max_examples=60, deadline=None)
@given(
    edges=st.lists(edge, min_size=1, max_size=45),
    hubs=st.lists(hub_edges, max_size=3),
    data=st.data(),
)
def test_spur_search_finds_the_cheapest_allowed_path(edges, hubs, data):
    ix = path_index(graph(edges, hubs))
    view = StepView(ix, StepFilter())
    cutoff = 6
    big = cutoff * view.max_support + 1
    bounds = HopBounds(ix, 0, N - 1, cutoff, data.draw(st.sampled_from([2, 30, 10_000])))
    for _ in range(12):
        s, t = data.draw(st.integers(0, N - 1)), data.draw(st.integers(0, N - 1))
        budget, level = data.draw(st.integers(1, cutoff)), data.draw(st.integers(0, 2))
        banned = frozenset(data.draw(st.sets(st.integers(0, N - 1), max_size=4))) - {s, t}
        banned_next = frozenset(data.draw(st.sets(st.integers(0, N - 1), max_size=3)))
        args = (view, s, t, level, budget, big, banned, banned_next)
        expected = cheapest_by_enumeration(*args) if s != t else None
        found = search_module.shortest(*args)
        if expected is None:
            assert found is None
            continue
        assert found is not None
        cost, nodes, prefix = found
        assert cost == expected and nodes[0] == s and nodes[-1] == t
        assert len(set(nodes)) == len(nodes) and len(nodes) - 1 <= budget
        assert not banned & set(nodes) and nodes[1] not in banned_next
        steps = [view.edge(u, v) for u, v in itertools.pairwise(nodes)]
        assert all(step is not None and step[0] >= level for step in steps)
        assert prefix == list(itertools.accumulate((big - sup for _, sup in steps), initial=0))
        if s == 0 and t == N - 1:  # bounded by the query's own bounds: the same cost
            pruned = search_module.shortest(*args, work=WorkBudget(None), bounds=bounds)
            assert pruned is not None and pruned[0] == expected


@settings(max_examples=60, deadline=None)
@given(
    edges=st.lists(edge, min_size=1, max_size=45),
    doubled=st.lists(edge, max_size=20),
    options=st.sampled_from([{}, {"correlations": True}, {"min_evidence": "inferred"}]),
)
def test_steps_are_the_strongest_sign_group_of_their_claims(edges, doubled, options):
    # ``doubled`` repeats pairs of ``edges`` with other relations and evidence, so that
    # pairs with one claim and pairs with several both occur
    again = zip(edges, doubled, strict=False)
    rows = edges + [(a, b, rel, ev) for (a, b, _, _), (_, _, rel, ev) in again]
    ix = path_index(graph(rows, []))
    view = StepView(ix, PathQuery(**options).step_filter)
    for u in range(N):
        got = {v: (rank, sup) for v, rank, sup in view.succ(u)}
        expected = {}
        for v in range(N):
            support, _ = view.claims(u, v)
            if support:
                expected[v] = (max(ix.claims[n].rank for n in support), len(support))
        assert got == expected
        assert [v for v, _, _ in view.succ(u)] == sorted(got)


def whole_levels(start, nbr, root: int, depth: int, cap: int) -> tuple[dict[int, int], int, int]:
    """Level by level, each level's entries summed over all its nodes before it is
    searched: what a search measured in chunks must agree with."""
    dist, frontier, level, entries = {root: 0}, [root], 1, 0
    while level <= depth:
        size = sum(start[u + 1] - start[u] for u in frontier)
        if entries + size > cap:
            break
        entries += size
        reached = {v for u in frontier for v in nbr[start[u] : start[u + 1]]} - dist.keys()
        if not reached:
            return dist, depth + 1, entries
        dist.update(dict.fromkeys(reached, level))
        frontier, level = sorted(reached), level + 1
    return dist, level, entries


@settings(max_examples=80, deadline=None)
@given(
    edges=st.lists(edge, max_size=40),
    hubs=st.lists(hub_edges, max_size=3),
    caps=st.lists(st.integers(0, 60), min_size=1, max_size=4),
    chunk=st.sampled_from([1, 2, 64]),
)
def test_levels_measured_in_chunks_stop_where_whole_levels_do(edges, hubs, caps, chunk):
    # a level is measured a few nodes at a time, and no further than the cap needs
    ix = path_index(graph(edges, hubs))
    default, bounds_module.MEASURE_CHUNK = bounds_module.MEASURE_CHUNK, chunk
    try:
        for root, forward in itertools.product(range(N), (True, False)):
            start, nbr = (ix.out_start, ix.out_nbr) if forward else (ix.in_start, ix.in_nbr)
            reach = Reach(start, nbr, root, 4)
            for cap in sorted(caps):
                reach.extend(cap)
                expected = whole_levels(start, nbr, root, 4, cap)
                assert (reach.dist, reach.floor, reach.entries) == expected
    finally:
        bounds_module.MEASURE_CHUNK = default
