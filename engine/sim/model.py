"""The pedestrian model every simulation uses, venue scenarios and validation tests alike.

JuPedSim's collision-free speed model (Tordeux, Chraibi and Seyfried 2016): a first-order model whose
speed follows the gap ahead, v = min(v0, (s - 2r) / T). With a time gap T of 1 s and a body radius r
of 0.15 m it reproduces the specific flow of the Jülich bottleneck experiments (about 1.5 persons per
metre and second across 1.0-2.4 m; tests/test_sim_validation.py checks it against the measured range).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class PedModel:
    """Settings of the operational model and the people in it."""

    step_s: float = 0.05          # 5x JuPedSim's default; at 0.1 s people get pushed through corners
    time_gap_s: float = 1.0
    radius_m: float = 0.15
    # Free walking speed of adults: mean 1.34 m/s, standard deviation 0.26 m/s (Weidmann 1993),
    # cut to the range people actually walk at.
    speed_mean: float = 1.34
    speed_sd: float = 0.26
    speed_range: tuple[float, float] = (0.7, 2.0)
    sample_s: float = 0.5         # how often positions are recorded

    @property
    def steps_per_sample(self) -> int:
        return max(1, round(self.sample_s / self.step_s))

    def speeds(self, n: int, rng: np.random.Generator) -> np.ndarray:
        """Desired speeds (n,) m/s drawn from the walking-speed distribution."""
        lo, hi = self.speed_range
        return np.clip(rng.normal(self.speed_mean, self.speed_sd, n), lo, hi)

    def jupedsim_model(self):
        import jupedsim as jps  # imported on first use: the CLI's start-up stays quick
        return jps.CollisionFreeSpeedModel()

    def agent(self, position: tuple[float, float], speed: float, journey: int, stage: int):
        import jupedsim as jps
        return jps.CollisionFreeSpeedModelAgentParameters(
            position=position, desired_speed=float(speed), time_gap=self.time_gap_s, radius=self.radius_m,
            journey_id=journey, stage_id=stage)


MODEL = PedModel()
