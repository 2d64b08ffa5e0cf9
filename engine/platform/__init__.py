"""Surfaces that own a GL context: a pygame window (also SDL's offscreen driver) and headless EGL."""
