"""GL object wrappers. None of them frees anything in __del__: owners call release()."""
from __future__ import annotations

import ctypes

import numpy as np

from engine.gfx.gl import GL, TEXTURE_MAX_ANISOTROPY


class Program:
    """A linked shader program with cached uniform locations."""

    def __init__(self, vertex_src: str, fragment_src: str, name: str = "") -> None:
        self.name = name
        shaders = [_compile(vertex_src, GL.GL_VERTEX_SHADER, name),
                   _compile(fragment_src, GL.GL_FRAGMENT_SHADER, name)]
        self.handle = GL.glCreateProgram()
        for s in shaders:
            GL.glAttachShader(self.handle, s)
        GL.glLinkProgram(self.handle)
        ok = GL.glGetProgramiv(self.handle, GL.GL_LINK_STATUS)
        for s in shaders:
            GL.glDetachShader(self.handle, s)
            GL.glDeleteShader(s)
        if not ok:
            log = GL.glGetProgramInfoLog(self.handle)
            GL.glDeleteProgram(self.handle)
            raise RuntimeError(f"shader program {name} failed to link: {_text(log)}")
        self._locations: dict[str, int] = {}

    def use(self) -> None:
        GL.glUseProgram(self.handle)

    def loc(self, uniform: str) -> int:
        if uniform not in self._locations:
            self._locations[uniform] = GL.glGetUniformLocation(self.handle, uniform)
        return self._locations[uniform]

    def bind_block(self, block: str, binding: int) -> None:
        index = GL.glGetUniformBlockIndex(self.handle, block)
        if index != GL.GL_INVALID_INDEX:
            GL.glUniformBlockBinding(self.handle, index, binding)

    def release(self) -> None:
        if self.handle:
            GL.glDeleteProgram(self.handle)
            self.handle = 0


def _text(log: bytes | str) -> str:
    return log.decode(errors="replace") if isinstance(log, bytes) else str(log)


def _compile(src: str, kind: int, name: str) -> int:
    shader = GL.glCreateShader(kind)
    GL.glShaderSource(shader, src)
    GL.glCompileShader(shader)
    if not GL.glGetShaderiv(shader, GL.GL_COMPILE_STATUS):
        log = GL.glGetShaderInfoLog(shader)
        GL.glDeleteShader(shader)
        raise RuntimeError(f"shader {name} failed to compile: {_text(log)}")
    return shader


class Buffer:
    """A GL buffer; `upload` reallocates only when the data outgrows it."""

    def __init__(self, target: int = GL.GL_ARRAY_BUFFER, data: np.ndarray | None = None,
                 usage: int = GL.GL_STATIC_DRAW) -> None:
        self.target, self.usage = target, usage
        self.handle = int(GL.glGenBuffers(1))
        self.capacity = 0
        if data is not None:
            self.upload(data)

    def upload(self, data: np.ndarray) -> None:
        data = np.ascontiguousarray(data)
        GL.glBindBuffer(self.target, self.handle)
        if data.nbytes > self.capacity or self.usage == GL.GL_STATIC_DRAW:
            self.capacity = max(data.nbytes, 16)
            GL.glBufferData(self.target, self.capacity, data if data.nbytes else None, self.usage)
        elif data.nbytes:
            GL.glBufferSubData(self.target, 0, data.nbytes, data)

    def release(self) -> None:
        if self.handle:
            GL.glDeleteBuffers(1, [self.handle])
            self.handle = 0


class VertexArray:
    def __init__(self) -> None:
        self.handle = int(GL.glGenVertexArrays(1))

    def bind(self) -> None:
        GL.glBindVertexArray(self.handle)

    def release(self) -> None:
        if self.handle:
            GL.glDeleteVertexArrays(1, [self.handle])
            self.handle = 0


def attribute(location: int, size: int, stride: int, offset: int, divisor: int = 0) -> None:
    """Point float attribute `location` at the bound ARRAY_BUFFER."""
    GL.glEnableVertexAttribArray(location)
    GL.glVertexAttribPointer(location, size, GL.GL_FLOAT, GL.GL_FALSE, stride, ctypes.c_void_p(offset))
    GL.glVertexAttribDivisor(location, divisor)


class Texture2D:
    """An RGBA8 texture from an (h, w, 4) uint8 array whose first row is the image's top."""

    def __init__(self, image: np.ndarray, srgb: bool = True, mipmaps: bool = True,
                 repeat: bool = True) -> None:
        self.handle = int(GL.glGenTextures(1))
        self.size = (0, 0)
        self.srgb, self.mipmaps, self.repeat = srgb, mipmaps, repeat
        self.upload(image)

    def upload(self, image: np.ndarray) -> None:
        image = np.ascontiguousarray(image, dtype=np.uint8)
        if image.ndim != 3 or image.shape[2] != 4 or 0 in image.shape:
            # GL would read w * h * 4 bytes whatever the array holds: past its end if it is smaller.
            raise ValueError(f"a texture image must be (h, w, 4) uint8, not {image.shape}")
        h, w = image.shape[:2]
        GL.glBindTexture(GL.GL_TEXTURE_2D, self.handle)
        GL.glPixelStorei(GL.GL_UNPACK_ALIGNMENT, 1)
        fmt = GL.GL_SRGB8_ALPHA8 if self.srgb else GL.GL_RGBA8
        if (w, h) == self.size:
            GL.glTexSubImage2D(GL.GL_TEXTURE_2D, 0, 0, 0, w, h, GL.GL_RGBA, GL.GL_UNSIGNED_BYTE, image)
        else:
            GL.glTexImage2D(GL.GL_TEXTURE_2D, 0, fmt, w, h, 0, GL.GL_RGBA, GL.GL_UNSIGNED_BYTE, image)
            self.size = (w, h)
        wrap = GL.GL_REPEAT if self.repeat else GL.GL_CLAMP_TO_EDGE
        GL.glTexParameteri(GL.GL_TEXTURE_2D, GL.GL_TEXTURE_WRAP_S, wrap)
        GL.glTexParameteri(GL.GL_TEXTURE_2D, GL.GL_TEXTURE_WRAP_T, wrap)
        GL.glTexParameteri(GL.GL_TEXTURE_2D, GL.GL_TEXTURE_MAG_FILTER, GL.GL_LINEAR)
        minify = GL.GL_LINEAR_MIPMAP_LINEAR if self.mipmaps else GL.GL_LINEAR
        GL.glTexParameteri(GL.GL_TEXTURE_2D, GL.GL_TEXTURE_MIN_FILTER, minify)
        if self.mipmaps:
            GL.glGenerateMipmap(GL.GL_TEXTURE_2D)

    def bind(self, unit: int = 0) -> None:
        GL.glActiveTexture(GL.GL_TEXTURE0 + unit)
        GL.glBindTexture(GL.GL_TEXTURE_2D, self.handle)

    def release(self) -> None:
        if self.handle:
            GL.glDeleteTextures(1, [self.handle])
            self.handle = 0


class TextureSampler:
    """A GL sampler object: how a texture unit reads whatever texture is bound to it (wrap and
    filters), so one texture can be read differently by different materials."""

    def __init__(self, wrap_s: int, wrap_t: int, mag_filter: int, min_filter: int,
                 anisotropy: float = 1.0) -> None:
        self.handle = int(GL.glGenSamplers(1))
        for name, value in ((GL.GL_TEXTURE_WRAP_S, wrap_s), (GL.GL_TEXTURE_WRAP_T, wrap_t),
                            (GL.GL_TEXTURE_MAG_FILTER, mag_filter), (GL.GL_TEXTURE_MIN_FILTER, min_filter)):
            GL.glSamplerParameteri(self.handle, name, value)
        if anisotropy > 1.0:
            GL.glSamplerParameterf(self.handle, TEXTURE_MAX_ANISOTROPY, float(anisotropy))

    def bind(self, unit: int) -> None:
        GL.glBindSampler(unit, self.handle)

    @staticmethod
    def unbind(unit: int) -> None:
        """Back to reading the bound texture's own parameters on `unit`."""
        GL.glBindSampler(unit, 0)

    def release(self) -> None:
        if self.handle:
            GL.glDeleteSamplers(1, [self.handle])
            self.handle = 0


class _Offscreen:
    """What every offscreen target shares: its size, and binding its framebuffer with the viewport set."""

    handle: int
    width: int
    height: int

    @property
    def size(self) -> tuple[int, int]:
        return self.width, self.height

    def bind(self) -> None:
        GL.glBindFramebuffer(GL.GL_FRAMEBUFFER, self.handle)
        GL.glViewport(0, 0, self.width, self.height)


class Framebuffer(_Offscreen):
    """An offscreen RGBA8 colour + depth target; with samples > 1 it resolves into a plain one.

    The colour holds what the shaders wrote, already sRGB-encoded: on Mesa's llvmpipe an sRGB
    colour buffer doubles the cost of every depth-tested pixel, far more than encoding in shaders.
    """

    def __init__(self, width: int, height: int, samples: int = 0) -> None:
        self.width, self.height, self.samples = width, height, samples
        self.handle, self._renderbuffers = self._make(samples)
        self.resolve_handle, self._resolve_rbs = self._make(0) if samples > 1 else (0, [])
        self._pbos: list[int] = []        # pixel-pack buffers for reads that overlap the next frame
        self._pending: list[int] = []

    def _make(self, samples: int) -> tuple[int, list[int]]:
        fbo = int(GL.glGenFramebuffers(1))
        GL.glBindFramebuffer(GL.GL_FRAMEBUFFER, fbo)
        rbs = [int(x) for x in GL.glGenRenderbuffers(2)]
        for rb, fmt, attach in ((rbs[0], GL.GL_RGBA8, GL.GL_COLOR_ATTACHMENT0),
                                (rbs[1], GL.GL_DEPTH_COMPONENT24, GL.GL_DEPTH_ATTACHMENT)):
            GL.glBindRenderbuffer(GL.GL_RENDERBUFFER, rb)
            if samples > 1:
                GL.glRenderbufferStorageMultisample(GL.GL_RENDERBUFFER, samples, fmt, self.width, self.height)
            else:
                GL.glRenderbufferStorage(GL.GL_RENDERBUFFER, fmt, self.width, self.height)
            GL.glFramebufferRenderbuffer(GL.GL_FRAMEBUFFER, attach, GL.GL_RENDERBUFFER, rb)
        _check_complete(self.width, self.height)
        return fbo, rbs

    def _resolved(self) -> int:
        """The framebuffer holding the final single-sample colour (resolving multisamples first)."""
        if not self.resolve_handle:
            return self.handle
        GL.glBindFramebuffer(GL.GL_READ_FRAMEBUFFER, self.handle)
        GL.glBindFramebuffer(GL.GL_DRAW_FRAMEBUFFER, self.resolve_handle)
        GL.glBlitFramebuffer(0, 0, self.width, self.height, 0, 0, self.width, self.height,
                             GL.GL_COLOR_BUFFER_BIT, GL.GL_NEAREST)
        return self.resolve_handle

    def read_rgba(self, out: np.ndarray | None = None) -> np.ndarray:
        """The colour as (h, w, 4) uint8, first row at the top of the picture."""
        return read_pixels(self._resolved(), self.width, self.height, out)

    def start_read(self) -> None:
        """Begin copying this frame's colour into a pixel buffer without waiting for it, so the
        copy overlaps drawing the next frame (as video capture does); collect with finish_read."""
        if not self._pbos:
            self._pbos = [int(b) for b in GL.glGenBuffers(2)]
            for pbo in self._pbos:
                GL.glBindBuffer(GL.GL_PIXEL_PACK_BUFFER, pbo)
                GL.glBufferData(GL.GL_PIXEL_PACK_BUFFER, self.width * self.height * 4, None, GL.GL_STREAM_READ)
        pbo = self._pbos[0] if not self._pending or self._pending[-1] != self._pbos[0] else self._pbos[1]
        GL.glBindFramebuffer(GL.GL_READ_FRAMEBUFFER, self._resolved())
        GL.glBindBuffer(GL.GL_PIXEL_PACK_BUFFER, pbo)
        GL.glPixelStorei(GL.GL_PACK_ALIGNMENT, 1)
        GL.glReadPixels(0, 0, self.width, self.height, GL.GL_RGBA, GL.GL_UNSIGNED_BYTE, ctypes.c_void_p(0))
        GL.glBindBuffer(GL.GL_PIXEL_PACK_BUFFER, 0)
        self._pending.append(pbo)

    def finish_read(self, out: np.ndarray | None = None) -> np.ndarray | None:
        """The oldest started read as (h, w, 4) uint8, top row first; None if none is pending."""
        if not self._pending:
            return None
        pbo = self._pending.pop(0)
        if out is None or out.shape != (self.height, self.width, 4):
            out = np.empty((self.height, self.width, 4), dtype=np.uint8)
        GL.glBindBuffer(GL.GL_PIXEL_PACK_BUFFER, pbo)
        GL.glGetBufferSubData(GL.GL_PIXEL_PACK_BUFFER, 0, out.nbytes, out)
        GL.glBindBuffer(GL.GL_PIXEL_PACK_BUFFER, 0)
        return out[::-1]

    def release(self) -> None:
        if self._pbos:
            GL.glDeleteBuffers(len(self._pbos), self._pbos)
            self._pbos, self._pending = [], []
        for fbo, rbs in ((self.handle, self._renderbuffers), (self.resolve_handle, self._resolve_rbs)):
            if fbo:
                GL.glDeleteFramebuffers(1, [fbo])
                GL.glDeleteRenderbuffers(len(rbs), rbs)
        self.handle = self.resolve_handle = 0


class WindowTarget:
    """The default framebuffer of a window (handle 0) at its current size."""

    handle = 0

    def __init__(self, width: int, height: int) -> None:
        self.width, self.height = width, height

    def resize(self, width: int, height: int) -> None:
        self.width, self.height = width, height

    def present(self) -> None:
        pass

    @property
    def size(self) -> tuple[int, int]:
        return self.width, self.height

    def bind(self) -> None:
        GL.glBindFramebuffer(GL.GL_FRAMEBUFFER, 0)
        GL.glViewport(0, 0, self.width, self.height)

    def read_rgba(self, out: np.ndarray | None = None) -> np.ndarray:
        return read_pixels(0, self.width, self.height, out)

    def release(self) -> None:
        pass


class MultisampleWindowTarget:
    """Draws into a multisampled framebuffer and resolves it into the window on `present`.

    Multisampling this way can be chosen (and resized) after the window exists, and works on
    drivers that offer no multisampled default framebuffer.
    """

    def __init__(self, width: int, height: int, samples: int) -> None:
        self.samples = samples
        self.fbo = Framebuffer(width, height, samples=samples)

    @property
    def width(self) -> int:
        return self.fbo.width

    @property
    def height(self) -> int:
        return self.fbo.height

    @property
    def size(self) -> tuple[int, int]:
        return self.fbo.size

    def resize(self, width: int, height: int) -> None:
        if (width, height) != self.fbo.size:
            self.fbo.release()
            self.fbo = Framebuffer(width, height, samples=self.samples)

    def bind(self) -> None:
        self.fbo.bind()

    def present(self) -> None:
        """Resolve into the window's back buffer (copying the encoded values as they are)."""
        GL.glBindFramebuffer(GL.GL_READ_FRAMEBUFFER, self.fbo.handle)
        GL.glBindFramebuffer(GL.GL_DRAW_FRAMEBUFFER, 0)
        w, h = self.fbo.size
        GL.glBlitFramebuffer(0, 0, w, h, 0, 0, w, h, GL.GL_COLOR_BUFFER_BIT, GL.GL_NEAREST)

    def read_rgba(self, out: np.ndarray | None = None) -> np.ndarray:
        return self.fbo.read_rgba(out)

    def release(self) -> None:
        self.fbo.release()


def read_pixels(fbo: int, width: int, height: int, out: np.ndarray | None = None) -> np.ndarray:
    """Read a framebuffer's colour as (h, w, 4) uint8, top row first."""
    GL.glBindFramebuffer(GL.GL_READ_FRAMEBUFFER, fbo)
    if fbo == 0:
        GL.glReadBuffer(GL.GL_BACK)
    GL.glPixelStorei(GL.GL_PACK_ALIGNMENT, 1)
    if out is None or out.shape != (height, width, 4):
        out = np.empty((height, width, 4), dtype=np.uint8)
    GL.glReadPixels(0, 0, width, height, GL.GL_RGBA, GL.GL_UNSIGNED_BYTE, out)
    return out[::-1]


class TextureTarget(_Offscreen):
    """An offscreen RGBA8 colour texture (linear filtering, for reading back in a later pass) with a
    depth renderbuffer: the 3D picture is drawn here when a post-process pass or scaling follows."""

    def __init__(self, width: int, height: int) -> None:
        self.width, self.height = width, height
        self.texture = int(GL.glGenTextures(1))
        GL.glBindTexture(GL.GL_TEXTURE_2D, self.texture)
        GL.glTexImage2D(GL.GL_TEXTURE_2D, 0, GL.GL_RGBA8, width, height, 0, GL.GL_RGBA, GL.GL_UNSIGNED_BYTE, None)
        for name, value in ((GL.GL_TEXTURE_MIN_FILTER, GL.GL_LINEAR), (GL.GL_TEXTURE_MAG_FILTER, GL.GL_LINEAR),
                            (GL.GL_TEXTURE_WRAP_S, GL.GL_CLAMP_TO_EDGE), (GL.GL_TEXTURE_WRAP_T, GL.GL_CLAMP_TO_EDGE)):
            GL.glTexParameteri(GL.GL_TEXTURE_2D, name, value)
        self.depth = int(GL.glGenRenderbuffers(1))
        GL.glBindRenderbuffer(GL.GL_RENDERBUFFER, self.depth)
        GL.glRenderbufferStorage(GL.GL_RENDERBUFFER, GL.GL_DEPTH_COMPONENT24, width, height)
        self.handle = int(GL.glGenFramebuffers(1))
        GL.glBindFramebuffer(GL.GL_FRAMEBUFFER, self.handle)
        GL.glFramebufferTexture2D(GL.GL_FRAMEBUFFER, GL.GL_COLOR_ATTACHMENT0, GL.GL_TEXTURE_2D, self.texture, 0)
        GL.glFramebufferRenderbuffer(GL.GL_FRAMEBUFFER, GL.GL_DEPTH_ATTACHMENT, GL.GL_RENDERBUFFER, self.depth)
        _check_complete(width, height)

    def read_rgba(self, out: np.ndarray | None = None) -> np.ndarray:
        return read_pixels(self.handle, self.width, self.height, out)

    def release(self) -> None:
        if self.handle:
            GL.glDeleteFramebuffers(1, [self.handle])
            GL.glDeleteRenderbuffers(1, [self.depth])
            GL.glDeleteTextures(1, [self.texture])
            self.handle = 0


class DepthTarget(_Offscreen):
    """A square depth-only texture and its framebuffer, read by shaders as a sampler2DShadow: the
    driver compares and filters (2x2 percentage-closer filtering per lookup). Outside the texture
    the border depth 1.0 reads as lit."""

    def __init__(self, size: int) -> None:
        self.width = self.height = size
        self.texture = int(GL.glGenTextures(1))
        GL.glBindTexture(GL.GL_TEXTURE_2D, self.texture)
        GL.glTexImage2D(GL.GL_TEXTURE_2D, 0, GL.GL_DEPTH_COMPONENT24, size, size, 0, GL.GL_DEPTH_COMPONENT,
                        GL.GL_UNSIGNED_INT, None)
        border = GL.GL_CLAMP_TO_BORDER
        for name, value in ((GL.GL_TEXTURE_MIN_FILTER, GL.GL_LINEAR), (GL.GL_TEXTURE_MAG_FILTER, GL.GL_LINEAR),
                            (GL.GL_TEXTURE_WRAP_S, border), (GL.GL_TEXTURE_WRAP_T, border),
                            (GL.GL_TEXTURE_COMPARE_MODE, GL.GL_COMPARE_REF_TO_TEXTURE),
                            (GL.GL_TEXTURE_COMPARE_FUNC, GL.GL_LEQUAL)):
            GL.glTexParameteri(GL.GL_TEXTURE_2D, name, value)
        GL.glTexParameterfv(GL.GL_TEXTURE_2D, GL.GL_TEXTURE_BORDER_COLOR, (1.0, 1.0, 1.0, 1.0))
        self.handle = int(GL.glGenFramebuffers(1))
        GL.glBindFramebuffer(GL.GL_FRAMEBUFFER, self.handle)
        GL.glFramebufferTexture2D(GL.GL_FRAMEBUFFER, GL.GL_DEPTH_ATTACHMENT, GL.GL_TEXTURE_2D, self.texture, 0)
        GL.glDrawBuffer(GL.GL_NONE)
        GL.glReadBuffer(GL.GL_NONE)
        _check_complete(size, size)

    def copy_from(self, other: DepthTarget) -> None:
        """This target's depth becomes `other`'s (same size)."""
        GL.glBindFramebuffer(GL.GL_READ_FRAMEBUFFER, other.handle)
        GL.glBindFramebuffer(GL.GL_DRAW_FRAMEBUFFER, self.handle)
        GL.glBlitFramebuffer(0, 0, other.width, other.height, 0, 0, self.width, self.height,
                             GL.GL_DEPTH_BUFFER_BIT, GL.GL_NEAREST)

    def release(self) -> None:
        if self.handle:
            GL.glDeleteFramebuffers(1, [self.handle])
            GL.glDeleteTextures(1, [self.texture])
            self.handle = 0


def _check_complete(width: int, height: int) -> None:
    status = GL.glCheckFramebufferStatus(GL.GL_FRAMEBUFFER)
    if status != GL.GL_FRAMEBUFFER_COMPLETE:
        raise RuntimeError(f"framebuffer {width}x{height} incomplete: {hex(int(status))}")
