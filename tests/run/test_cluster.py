"""A formulary built on a Dask cluster (``--scheduler``): a real ``distributed.LocalCluster`` of
two worker processes on 127.0.0.1, started and closed here. The same PDFs, manifest and
incremental rules as a local run; a failing leaflet reported as locally; a worker that dies
has its work redone.

Covers run._cluster.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import dask
import pytest
from distributed import LocalCluster

import handouts
from handouts.run import _cluster, manifest
from handouts.run.formulary import Copy, Request, build_formulary
from handouts.source.model import BatchOptions
from helpers import faults
from helpers.formulary import formulary
from helpers.invoke import run

pytestmark = pytest.mark.filterwarnings(
    # distributed's own shutdown of a LocalCluster in a test process
    "ignore::ResourceWarning", "ignore::DeprecationWarning",
    "ignore::pytest.PytestUnraisableExceptionWarning")


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    # A partition its workers keep killing is given up after one retry, not three: the
    # fault test then takes seconds.
    with dask.config.set({"distributed.scheduler.allowed-failures": 1}), \
            LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                         dashboard_address=None, silence_logs=50) as local:
        yield local.scheduler_address


def pdfs(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.glob("*.pdf"))}


def test_a_cluster_builds_the_same_bytes_and_manifest_as_a_local_run(tmp_path, cluster):
    data = tmp_path / "data"
    formulary(data, 9)
    local = build_formulary(Request((str(data),), tmp_path / "local"))
    far = build_formulary(Request((str(data),), tmp_path / "far",
                                  batch=BatchOptions(scheduler=cluster)))
    assert local.ok and far.ok and len(far.summary.built) == 9
    assert pdfs(tmp_path / "far") == pdfs(tmp_path / "local")
    entries = {name: (e.output_sha256, e.pages, e.title)
               for name, e in manifest.read(tmp_path / "far").leaflets.items()}
    assert entries == {name: (e.output_sha256, e.pages, e.title)
                       for name, e in manifest.read(tmp_path / "local").leaflets.items()}


def test_a_rerun_on_the_cluster_builds_only_what_changed(tmp_path, cluster):
    data, out = tmp_path / "data", tmp_path / "out"
    sources = formulary(data, 4)
    request = Request((str(data),), out, batch=BatchOptions(scheduler=cluster))
    assert len(build_formulary(request).summary.built) == 4
    sources[0].write_text(sources[0].read_text(encoding="utf-8") + "\n", encoding="utf-8")
    again = build_formulary(request)
    assert [r.source for r in again.summary.built] == [sources[0]]
    assert len(again.summary.unchanged) == 3


def test_a_bad_monograph_fails_alone_as_it_does_here(tmp_path, cluster):
    data = tmp_path / "data"
    formulary(data, 3)
    (data / "broken.yaml").write_text("name: [\n", encoding="utf-8")
    here = run("build", data, "-o", tmp_path / "here", "--format", "json")
    far = run("build", data, "-o", tmp_path / "far", "--scheduler", cluster, "--format", "json")
    assert (far[0], here[0]) == (1, 1), far[2]
    assert json.loads(far[1])["counts"] == {"built": 3, "unchanged": 0, "failed": 1,
                                            "removed": 0}
    errors = [[line for line in err.splitlines() if line.startswith("error: ")]
              for _, _, err in (here, far)]
    assert errors[0] == errors[1] == [
        f"error: {data / 'broken.yaml'}:2:1: not valid YAML: while parsing a flow node did not "
        "find expected node content"]


def test_a_worker_that_dies_is_found_and_the_rest_is_built(tmp_path, cluster, monkeypatch):
    data = tmp_path / "data"
    sources = formulary(data, 5)
    victim = handouts.read_monograph(sources[2]).name
    faults.inject(monkeypatch, victim, None)  # that leaflet ends its worker process
    outcome = build_formulary(Request((str(data),), tmp_path / "out",
                                      batch=BatchOptions(scheduler=cluster)))
    assert [r.source for r in outcome.summary.failed] == [sources[2]]
    (failure,) = outcome.summary.failed
    assert failure.failure is not None and "stopped unexpectedly" in failure.failure.messages[0]
    assert len(outcome.summary.built) == 4


def test_error_a_scheduler_that_cannot_be_reached(tmp_path):
    formulary(tmp_path / "data", 1)
    code, _, err = run("build", tmp_path / "data", "-o", tmp_path / "out", "--scheduler",
                       "tcp://127.0.0.1:9")
    assert code == 1
    assert err.splitlines()[-1].startswith("error: cannot reach the Dask scheduler at "
                                           "tcp://127.0.0.1:9")


def test_error_a_patients_copy_is_never_sent_to_a_cluster(tmp_path):
    source = formulary(tmp_path / "data", 1)[0]
    request = Request((str(source),), tmp_path / "out", copy=Copy(name="Ann"),
                      batch=BatchOptions(scheduler="tcp://127.0.0.1:9"))
    with pytest.raises(handouts.errors.UsageError, match="never on a cluster"):
        build_formulary(request)


def test_partitions_spread_the_jobs_over_the_workers():
    assert _cluster.partition_size(5000, 2) == 64
    assert _cluster.partition_size(40, 2) == 5
    assert _cluster.partition_size(1, 8) == 1


def test_error_a_cluster_that_cannot_run_the_build_is_named_not_a_traceback(cluster):
    with pytest.raises(_cluster.ClusterError) as info:
        _cluster.map_jobs([1, 2], str, (), address=cluster, setup=faults.broken_setup,
                          finished=lambda result: None, died=str)
    assert str(info.value) == (
        f"the Dask cluster at {cluster} could not run the build: no handouts on this worker "
        "(its scheduler and workers need this version of handouts installed)")
