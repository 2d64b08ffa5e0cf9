"""The node hierarchy: transforms, meshes shared between nodes, metadata from the file."""
from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np

from engine.scene.lights import Lighting
from engine.scene.mesh import Mesh

_SERIALS = itertools.count()


class NodeCycleError(ValueError):
    """A node that contains itself, directly or further down; the message names the nodes in the loop."""

    def __init__(self, loop: str) -> None:
        super().__init__(f"the nodes form a cycle: {loop}")


@dataclass(eq=False)
class Node:
    """A transform in the hierarchy; `meshes` may be shared with other nodes.

    matrix: (4, 4) float64 local transform (column vectors: world = parent @ local).
    extras / extensions: what the source file attached to the node (glTF `extras`, `extensions`).
    """

    name: str = ""
    matrix: np.ndarray = field(default_factory=lambda: np.eye(4))
    meshes: list[Mesh] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)
    extras: dict = field(default_factory=dict)
    extensions: dict = field(default_factory=dict)

    def add(self, child: Node) -> Node:
        self.children.append(child)
        return child


@dataclass(eq=False)
class Batch:
    """Every node that draws one mesh: transforms (k, 4, 4) float32, with world-space bounding spheres.

    colors: optional (k, 4) float32 linear RGBA per instance, multiplied into the material's colour
    (a crowd in many shirt colours is still one draw).
    """

    mesh: Mesh
    transforms: np.ndarray
    centers: np.ndarray   # (k, 3) float32 world-space sphere centres
    radii: np.ndarray     # (k,) float32
    colors: np.ndarray | None = None
    # Never reused (unlike id()): lets the renderer keep uploaded instance data while a batch lives.
    serial: int = field(default_factory=lambda: next(_SERIALS))


class Scene:
    """Pure data for the renderer: a root node, lighting and metadata.

    Call `changed()` after editing nodes so cached batches are rebuilt.
    """

    def __init__(self, root: Node | None = None, lighting: Lighting | None = None,
                 name: str = "") -> None:
        self.root = root if root is not None else Node(name="root")
        self.lighting = lighting if lighting is not None else Lighting()
        self.name = name
        self.metadata: dict = {}
        self.version = 0
        self._batches: list[Batch] | None = None

    def changed(self) -> None:
        self.version += 1
        self._batches = None

    def walk(self) -> Iterator[tuple[Node, np.ndarray]]:
        """Every node with its world transform (4, 4) float64, depth first.

        Raises NodeCycleError, naming the nodes, when a node is its own descendant: the walk would
        otherwise never end."""
        path: list[Node] = []            # the nodes from the root down to the one being visited
        on_path: set[int] = set()
        stack: list[tuple[Node, np.ndarray] | None] = [(self.root, np.eye(4))]
        while stack:
            item = stack.pop()
            if item is None:             # every child of path[-1] is done: step back up
                on_path.discard(id(path.pop()))
                continue
            node, parent = item
            if id(node) in on_path:
                loop = path[next(i for i, n in enumerate(path) if n is node):] + [node]
                raise NodeCycleError(" -> ".join(repr(n.name) for n in loop))
            world = parent @ node.matrix
            yield node, world
            if node.children:
                path.append(node)
                on_path.add(id(node))
                stack.append(None)
                stack.extend((c, world) for c in reversed(node.children))

    def batches(self) -> list[Batch]:
        """Nodes grouped by mesh identity, in first-seen order: one instanced draw per batch."""
        if self._batches is None:
            groups: dict[int, tuple[Mesh, list[np.ndarray]]] = {}
            for node, world in self.walk():
                for mesh in node.meshes:
                    groups.setdefault(id(mesh), (mesh, []))[1].append(world)
            self._batches = [make_batch(mesh, mats) for mesh, mats in groups.values()]
        return self._batches

    def meshes(self) -> list[Mesh]:
        return [b.mesh for b in self.batches()]

    def bounds(self) -> np.ndarray:
        """World-space axis-aligned bounds (2, 3) float64 of everything drawn; zeros if empty."""
        boxes = [world_bounds(b.mesh.bounds, b.transforms) for b in self.batches()]
        if not boxes:
            return np.zeros((2, 3))
        stacked = np.stack(boxes)
        return np.stack([stacked[:, 0].min(axis=0), stacked[:, 1].max(axis=0)])

    def triangle_count(self) -> int:
        return sum(b.mesh.triangle_count * len(b.transforms) for b in self.batches())

    def find(self, name: str) -> Node | None:
        return next((n for n, _ in self.walk() if n.name == name), None)


def make_batch(mesh: Mesh, matrices: list[np.ndarray] | np.ndarray,
               colors: np.ndarray | None = None) -> Batch:
    """A batch of `mesh` under each matrix (k, 4, 4), optionally tinted per instance (k, 4)."""
    transforms = np.asarray(matrices, dtype=np.float32).reshape(-1, 4, 4)
    centre = np.append(mesh.center, 1.0).astype(np.float32)
    centers = (transforms @ centre)[:, :3]
    # The largest axis scale of each instance bounds how far the sphere grows.
    scale = np.linalg.norm(transforms[:, :3, :3], axis=1).max(axis=1)
    if colors is not None:
        colors = np.ascontiguousarray(colors, dtype=np.float32).reshape(len(transforms), 4)
    return Batch(mesh, transforms, np.ascontiguousarray(centers), (mesh.radius * scale).astype(np.float32),
                 colors)


def world_bounds(local: np.ndarray, transforms: np.ndarray) -> np.ndarray:
    """Bounds (2, 3) of a local box (2, 3) under many transforms (k, 4, 4)."""
    lo, hi = local
    corners = np.array([[x, y, z, 1.0] for x in (lo[0], hi[0]) for y in (lo[1], hi[1])
                        for z in (lo[2], hi[2])])
    pts = np.einsum("kij,cj->kci", transforms.astype(np.float64), corners)[..., :3].reshape(-1, 3)
    return np.stack([pts.min(axis=0), pts.max(axis=0)])
