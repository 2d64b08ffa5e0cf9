"""Thin OpenGL objects (program, buffers, texture, framebuffer), each with an explicit release()."""
