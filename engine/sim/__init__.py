"""Crowd flows: the venue's walkable geometry and journeys handed to JuPedSim, the changeover and
egress scenarios, what they show (times to empty, door flows, densities, bottlenecks) and pictures.

Imports no OpenGL and no pygame: the CLI, the report and the viewer all use it headless.
"""
