"""What a simulation recorded: everyone's position at every sample, and who they are; kept in memory
as numpy arrays and saved as JuPedSim's SQLite trajectory file (format version 2, which
`jupedsim.Recording` and JuPedSim's own tools read) with one more table naming the people."""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

JUPEDSIM_FORMAT = 2


@dataclass
class Person:
    origin: str            # hall id
    door: str              # door id they leave by ("" when they stay inside)
    destination: str       # "exit", "hall:<id>", "spot:<id>", "stay:<id>"


@dataclass
class Recording:
    """times (F,) seconds; per frame the indices (k,) int32 of the people present and their plan
    positions (k, 2) float32 (x, z); people (N) in index order; step and sample interval in seconds."""

    sample_s: float
    times: list[float] = field(default_factory=list)
    present: list[np.ndarray] = field(default_factory=list)
    positions: list[np.ndarray] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)

    def add(self, t: float, index: np.ndarray, xz: np.ndarray) -> None:
        order = np.argsort(index, kind="stable")
        self.times.append(float(t))
        self.present.append(np.asarray(index, np.int32)[order])
        self.positions.append(np.asarray(xz, np.float32)[order])

    def __len__(self) -> int:
        return len(self.times)

    def at(self, frame: int) -> tuple[np.ndarray, np.ndarray]:
        return self.present[frame], self.positions[frame]

    def gone_at(self) -> np.ndarray:
        """Per person (N,), the time of the first frame they were no longer present (inf: still there)."""
        out = np.full(len(self.people), np.inf)
        seen = np.zeros(len(self.people), bool)
        for t, idx in zip(self.times, self.present):
            here = np.zeros(len(self.people), bool)
            here[idx] = True
            out[seen & ~here & np.isinf(out)] = t
            seen |= here
        return out


def save_sqlite(rec: Recording, path: Path, geometry_wkt: str) -> None:
    """Write JuPedSim's trajectory tables (orientation from each step's movement) and a `people` table."""
    con = sqlite3.connect(path)
    try:
        _create(con, rec, geometry_wkt)
        for f in range(len(rec)):
            idx, xz = rec.at(f)
            ori = _orientation(rec, f)
            con.executemany("INSERT INTO trajectory_data VALUES(?, ?, ?, ?, ?, ?)",
                            zip([f] * len(idx), idx.tolist(), xz[:, 0].tolist(), xz[:, 1].tolist(),
                                ori[:, 0].tolist(), ori[:, 1].tolist()))
            con.execute("INSERT INTO frame_data VALUES(?, ?)", (f, 0))
        con.executemany("INSERT INTO people VALUES(?, ?, ?, ?)",
                        [(i, p.origin, p.door, p.destination) for i, p in enumerate(rec.people)])
        con.commit()
    finally:
        con.close()


def _create(con: sqlite3.Connection, rec: Recording, geometry_wkt: str) -> None:
    con.execute("CREATE TABLE trajectory_data (frame INTEGER NOT NULL, id INTEGER NOT NULL, pos_x REAL NOT NULL, "
                "pos_y REAL NOT NULL, ori_x REAL NOT NULL, ori_y REAL NOT NULL)")
    con.execute("CREATE TABLE metadata(key TEXT NOT NULL UNIQUE PRIMARY KEY, value TEXT NOT NULL)")
    con.execute("CREATE TABLE geometry(hash INTEGER NOT NULL, wkt TEXT NOT NULL)")
    con.execute("CREATE TABLE frame_data(frame INTEGER NOT NULL, geometry_hash INTEGER NOT NULL)")
    con.execute("CREATE TABLE people(id INTEGER PRIMARY KEY, origin TEXT, door TEXT, destination TEXT)")
    con.execute("CREATE INDEX frame_id_idx ON trajectory_data(frame, id)")
    allxz = np.vstack(rec.positions) if len(rec) and sum(map(len, rec.positions)) else np.zeros((1, 2))
    lo, hi = allxz.min(axis=0), allxz.max(axis=0)
    con.executemany("INSERT INTO metadata VALUES(?, ?)",
                    [("version", str(JUPEDSIM_FORMAT)), ("fps", str(1.0 / rec.sample_s)),
                     ("xmin", str(lo[0])), ("xmax", str(hi[0])), ("ymin", str(lo[1])), ("ymax", str(hi[1]))])
    con.execute("INSERT INTO geometry VALUES(?, ?)", (0, geometry_wkt))


def _orientation(rec: Recording, f: int) -> np.ndarray:
    """Unit (k, 2) headings of frame f's people from their last movement ((1, 0) when standing)."""
    idx, xz = rec.at(f)
    out = np.tile(np.array([1.0, 0.0], np.float32), (len(idx), 1))
    if f == 0:
        return out
    pidx, pxz = rec.at(f - 1)
    where = np.searchsorted(pidx, idx)
    where = np.clip(where, 0, max(len(pidx) - 1, 0))
    ok = (len(pidx) > 0) & (pidx[where] == idx) if len(pidx) else np.zeros(len(idx), bool)
    d = xz[ok] - pxz[where[ok]]
    n = np.hypot(d[:, 0], d[:, 1])
    moving = n > 1e-3
    sub = out[ok]
    sub[moving] = d[moving] / n[moving, None]
    out[ok] = sub
    return out


def load_sqlite(path: Path) -> Recording:
    """A recording saved by save_sqlite (ValueError when the file is not one)."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        meta = dict(con.execute("SELECT key, value FROM metadata").fetchall())
        rows = np.array(con.execute("SELECT frame, id, pos_x, pos_y FROM trajectory_data ORDER BY frame, id")
                        .fetchall(), float).reshape(-1, 4)
        people = [Person(o, d, dest) for _, o, d, dest in con.execute("SELECT * FROM people ORDER BY id")]
        frames = int(con.execute("SELECT count(*) FROM frame_data").fetchone()[0])
    except sqlite3.Error as exc:
        raise ValueError(f"not a crowd-flow recording ({exc})") from None
    finally:
        con.close()
    if int(meta.get("version", -1)) != JUPEDSIM_FORMAT:
        raise ValueError(f"trajectory format version {meta.get('version')}, expected {JUPEDSIM_FORMAT}")
    rec = Recording(1.0 / float(meta["fps"]), people=people)
    bounds = np.searchsorted(rows[:, 0], np.arange(frames + 1))
    for f in range(frames):
        part = rows[bounds[f]:bounds[f + 1]]
        rec.add(f * rec.sample_s, part[:, 1].astype(np.int32), part[:, 2:4])
    return rec
