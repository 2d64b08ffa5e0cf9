"""The organizers' report: a self-contained HTML page about a venue (plan, halls, walking times,
capacity, agenda coverage, problems). `analysis` is pure data; `images` renders; `html` writes."""
