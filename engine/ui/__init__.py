"""Overlay widgets drawn in 2D (help, stats, toasts): they produce images the overlay pass draws."""
