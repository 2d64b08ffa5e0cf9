"""Text without a window: the shipped fonts, the characters they cover, and line breaking for Chinese and Latin.

Nothing here imports pygame or OpenGL, so `venue/` (signs drawn with Pillow) may use it as well as `ui/`.
"""
