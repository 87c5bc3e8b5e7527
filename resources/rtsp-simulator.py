#!/usr/bin/python3
"""Simulated RTSP cameras for tests, demos and benchmarks.

Run with Debian's interpreter (it has the GObject introspection bindings):

    /usr/bin/python3 resources/rtsp-simulator.py '{"port": 8554, "mounts": [...]}'

The single argument is a JSON document (not a file name):

    {
      "host": "127.0.0.1",            # default 127.0.0.1
      "port": 0,                      # 0 = any free port
      "mounts": [
        {"path": "/cam1", "type": "generate", "title": "CAM-001", "width": 640,
         "height": 360, "fps": 15, "bitrateKbps": 600, "keyframeSeconds": 2,
         "codec": "h264", "profile": "constrained-baseline"},
        {"path": "/clip", "type": "file", "file": "/abs/clip.mp4", "loop": true}
      ],
      "auth": {"username": "u", "password": "p"},   # optional: Basic auth on every mount
      "exitOnStdinClose": false       # exit when stdin reaches end of file (parent died)
    }

"generate" mounts encode a live moving test picture with a title and the local wall clock
(set TZ). "file" mounts serve a pre-encoded H.264 MP4 without re-encoding, paced in real time,
looping at the end by default. Every mount is shared, so several clients read one pipeline.

When listening, prints one line to stdout: {"ready": true, "port": N}. A bad configuration,
a port in use or a missing GStreamer plugin prints one line to stderr and exits with code 2.
SIGTERM and SIGINT exit with code 0.
"""

import json
import math
import os
import signal
import sys
from fractions import Fraction

try:
    import gi

    gi.require_version('Gst', '1.0')
    gi.require_version('GstRtsp', '1.0')
    gi.require_version('GstRtspServer', '1.0')
    from gi.repository import GLib, Gst, GstRtsp, GstRtspServer
except (ImportError, ValueError) as err:  # pragma: no cover - depends on the machine
    sys.stderr.write(
        'rtsp-simulator: GStreamer RTSP server bindings missing (%s); install '
        'gir1.2-gst-rtsp-server-1.0 python3-gi and run with /usr/bin/python3\n' % err
    )
    sys.exit(2)

# Before any subclass is declared: registering a GstRTSPMedia subclass needs the GStreamer types.
Gst.init(None)

CLOCK_FORMAT = '%d/%m/%Y %H:%M:%S'
PROFILES = ('constrained-baseline', 'baseline', 'main', 'high')


class ConfigError(Exception):
    pass


def fail(message):
    sys.stderr.write('rtsp-simulator: %s\n' % ' '.join(str(message).split()))
    sys.stderr.flush()
    os._exit(2)


# ---------------------------------------------------------------------------------------------
# Configuration


def _int(mount, key, default, lo, hi):
    value = mount.get(key, default)
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or not math.isfinite(value)
        or value != int(value)
    ):
        raise ConfigError('%s: "%s" must be an integer' % (mount.get('path'), key))
    if not lo <= value <= hi:
        raise ConfigError('%s: "%s" must be between %d and %d' % (mount.get('path'), key, lo, hi))
    return int(value)


def _number(mount, key, default, lo, hi):
    value = mount.get(key, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ConfigError('%s: "%s" must be a number' % (mount.get('path'), key))
    if not lo <= value <= hi:
        raise ConfigError('%s: "%s" must be between %g and %g' % (mount.get('path'), key, lo, hi))
    return value


def parse_config(text):
    try:
        config = json.loads(text)
    except ValueError as err:
        raise ConfigError('configuration is not valid JSON: %s' % err)
    if not isinstance(config, dict):
        raise ConfigError('configuration must be a JSON object')
    host = config.get('host', '127.0.0.1')
    if not isinstance(host, str) or not host:
        raise ConfigError('"host" must be a non-empty string')
    port = config.get('port', 0)
    if isinstance(port, bool) or not isinstance(port, int) or not 0 <= port <= 65535:
        raise ConfigError('"port" must be an integer between 0 and 65535')
    auth = config.get('auth')
    if auth is not None:
        if (
            not isinstance(auth, dict)
            or not isinstance(auth.get('username'), str)
            or not isinstance(auth.get('password'), str)
            or not auth['username']
            or ':' in auth['username']
        ):
            raise ConfigError('"auth" needs a string "username" (without ":") and "password"')
    mounts = config.get('mounts')
    if not isinstance(mounts, list) or not mounts:
        raise ConfigError('"mounts" must be a non-empty array')
    seen = set()
    parsed = []
    for mount in mounts:
        if not isinstance(mount, dict):
            raise ConfigError('every mount must be an object')
        path = mount.get('path')
        if not isinstance(path, str) or not path.startswith('/') or len(path) < 2:
            raise ConfigError('mount "path" must start with "/", got %r' % (path,))
        if any(c.isspace() or c in '?#' for c in path):
            raise ConfigError('mount path %s must not contain spaces, "?" or "#"' % path)
        if path in seen:
            raise ConfigError('mount path %s is used twice' % path)
        seen.add(path)
        kind = mount.get('type', 'generate')
        if kind == 'generate':
            codec = mount.get('codec', 'h264')
            if codec not in ('h264', 'jpeg'):
                raise ConfigError('%s: "codec" must be "h264" or "jpeg"' % path)
            profile = mount.get('profile', 'constrained-baseline')
            if profile not in PROFILES:
                raise ConfigError('%s: "profile" must be one of %s' % (path, ', '.join(PROFILES)))
            title = mount.get('title', path[1:])
            if not isinstance(title, str):
                raise ConfigError('%s: "title" must be a string' % path)
            width = _int(mount, 'width', 640, 16, 7680)
            height = _int(mount, 'height', 360, 16, 4320)
            if width % 2 or height % 2:
                raise ConfigError('%s: "width" and "height" must be even' % path)
            fps = _number(mount, 'fps', 15, 1, 120)
            keyframe = _number(mount, 'keyframeSeconds', 2, 0.1, 60)
            parsed.append(
                {
                    'path': path,
                    'type': 'generate',
                    'codec': codec,
                    'profile': profile,
                    'title': title,
                    'width': width,
                    'height': height,
                    'fps': Fraction(fps).limit_denominator(1001),
                    'bitrate': _int(mount, 'bitrateKbps', 600, 16, 100000),
                    'keyint': max(1, int(round(fps * keyframe))),
                }
            )
        elif kind == 'file':
            file = mount.get('file')
            if not isinstance(file, str) or not os.path.isabs(file):
                raise ConfigError('%s: "file" must be an absolute path' % path)
            if not os.path.isfile(file):
                raise ConfigError('%s: file not found: %s' % (path, file))
            if not os.access(file, os.R_OK):
                raise ConfigError('%s: file not readable: %s' % (path, file))
            loop = mount.get('loop', True)
            if not isinstance(loop, bool):
                raise ConfigError('%s: "loop" must be true or false' % path)
            parsed.append({'path': path, 'type': 'file', 'file': file, 'loop': loop})
        else:
            raise ConfigError('%s: "type" must be "generate" or "file"' % path)
    return {
        'host': host,
        'port': port,
        'auth': auth,
        'mounts': parsed,
        'exitOnStdinClose': config.get('exitOnStdinClose') is True,
    }


# ---------------------------------------------------------------------------------------------
# Pipelines


def generate_launch(mount):
    fps = mount['fps']
    height = mount['height']
    # textoverlay scales fonts with the picture (auto-resize): a fixed size keeps proportions.
    pad = max(4, height // 36)
    source = (
        'videotestsrc is-live=true pattern=ball '
        '! video/x-raw,format=I420,width=%d,height=%d,framerate=%d/%d '
        '! textoverlay name=title valignment=top halignment=left shaded-background=true '
        'font-desc="Sans 14" xpad=%d ypad=%d '
        '! clockoverlay name=clock valignment=bottom halignment=left shaded-background=true '
        'font-desc="Sans 14" xpad=%d ypad=%d '
        % (mount['width'], height, fps.numerator, fps.denominator, pad, pad, pad, pad)
    )
    if mount['codec'] == 'jpeg':
        encode = '! jpegenc quality=70 ! rtpjpegpay name=pay0 pt=26'
    else:
        encode = (
            '! x264enc tune=zerolatency speed-preset=ultrafast bitrate=%d key-int-max=%d '
            '! video/x-h264,profile=%s '
            '! rtph264pay name=pay0 pt=96 config-interval=1'
            % (mount['bitrate'], mount['keyint'], mount['profile'])
        )
    return '( ' + source + encode + ' )'


FILE_LAUNCH = (
    '( filesrc name=src ! qtdemux name=demux ! h264parse name=parse '
    '! rtph264pay name=pay0 pt=96 config-interval=1 )'
)


class FileLooper:
    """Makes a file mount behave like a camera: no seeking, no duration, no end.

    Clients are told the stream is not seekable and has no duration, so a second client's PLAY
    (ffmpeg sends "Range: npt=0.000-") does not rewind the shared pipeline under the first one.
    At the demuxer's end of stream the EOS is dropped and the demuxer alone is sought back to the
    start; the flush events of that seek are dropped too (seqnum match), so nothing downstream
    flushes, and the demuxer pad's running-time offset is moved to where the previous pass ended,
    so timestamps keep increasing. Any other flush (not expected) resets the offset.
    """

    def __init__(self, demux, parse):
        self.parse = parse
        self.pad = None
        self.segment = None
        self.end = 0
        self.seqnum = None
        demux.connect('pad-added', self.on_pad_added)
        parse.get_static_pad('src').add_probe(Gst.PadProbeType.QUERY_UPSTREAM, self.on_query)

    def on_query(self, _pad, info):
        # PyGObject holds a reference on the query, so it cannot be written to here; answering
        # HANDLED leaves the defaults of a fresh query: not seekable, segment stop -1.
        query = info.get_query()
        if query.type in (Gst.QueryType.SEEKING, Gst.QueryType.DURATION):
            return Gst.PadProbeReturn.HANDLED
        return Gst.PadProbeReturn.OK

    def on_pad_added(self, _demux, pad):
        if self.pad is not None:
            return
        self.pad = pad
        pad.add_probe(
            Gst.PadProbeType.BUFFER
            | Gst.PadProbeType.EVENT_DOWNSTREAM
            | Gst.PadProbeType.EVENT_FLUSH,
            self.probe,
        )

    def probe(self, pad, info):
        if info.type & Gst.PadProbeType.BUFFER:
            buf = info.get_buffer()
            if self.segment is not None and buf.pts != Gst.CLOCK_TIME_NONE:
                end = buf.pts + (buf.duration if buf.duration != Gst.CLOCK_TIME_NONE else 0)
                running = self.segment.to_running_time(Gst.Format.TIME, end)
                if running != Gst.CLOCK_TIME_NONE and running > self.end:
                    self.end = running
            return Gst.PadProbeReturn.OK
        event = info.get_event()
        kind = event.type
        ours = self.seqnum is not None and event.get_seqnum() == self.seqnum
        if kind == Gst.EventType.SEGMENT:
            # Already carries the pad offset: its running times are what the sinks see.
            self.segment = event.parse_segment().copy()
        elif kind in (Gst.EventType.FLUSH_START, Gst.EventType.FLUSH_STOP):
            if ours:
                return Gst.PadProbeReturn.DROP
            if kind == Gst.EventType.FLUSH_STOP:
                pad.set_offset(0)
                self.end = 0
                self.seqnum = None
        elif kind == Gst.EventType.EOS:
            if self.end > 0:
                # Seek from the main loop, never from the streaming thread.
                end = self.end
                GLib.idle_add(self.restart, end)
                return Gst.PadProbeReturn.DROP
        return Gst.PadProbeReturn.OK

    def restart(self, end):
        seek = Gst.Event.new_seek(
            1.0,
            Gst.Format.TIME,
            Gst.SeekFlags.FLUSH | Gst.SeekFlags.KEY_UNIT,
            Gst.SeekType.SET,
            0,
            Gst.SeekType.NONE,
            -1,
        )
        self.seqnum = seek.get_seqnum()
        self.pad.set_offset(end)
        self.end = end
        if not self.pad.send_event(seek) and not self.pad.is_flushing():
            sys.stderr.write('rtsp-simulator: could not loop the file, the stream ends\n')
            sys.stderr.flush()
        return GLib.SOURCE_REMOVE


class CameraLikeMedia(GstRtspServer.RTSPMedia):
    """Media of a looping file: reports no end (SDP "a=range:npt=0-" instead of the file length)."""

    def do_query_stop(self, _stop):
        return False


class Factory(GstRtspServer.RTSPMediaFactory):
    def __init__(self, mount):
        GstRtspServer.RTSPMediaFactory.__init__(self)
        self.mount = mount
        self.launch = generate_launch(mount) if mount['type'] == 'generate' else FILE_LAUNCH
        if mount['type'] == 'file' and mount['loop']:
            self.set_media_gtype(CameraLikeMedia.__gtype__)

    def do_create_element(self, _url):
        return build_element(self.mount, self.launch)


def build_element(mount, launch):
    element = Gst.parse_launch(launch)
    if mount['type'] == 'generate':
        element.get_by_name('title').set_property('text', mount['title'])
        element.get_by_name('clock').set_property('time-format', CLOCK_FORMAT)
    else:
        element.get_by_name('src').set_property('location', mount['file'])
        if mount['loop']:
            looper = FileLooper(element.get_by_name('demux'), element.get_by_name('parse'))
            # Keep it alive as long as the element.
            element.looper = looper
    return element


def check_file(mount):
    """Preroll the file once so that a file that is not H.264 in MP4 fails before listening."""
    pipeline = Gst.parse_launch('filesrc name=src ! qtdemux ! h264parse ! fakesink')
    pipeline.get_by_name('src').set_property('location', mount['file'])
    bus = pipeline.get_bus()
    try:
        if pipeline.set_state(Gst.State.PAUSED) == Gst.StateChangeReturn.FAILURE:
            raise ConfigError('%s: cannot open %s' % (mount['path'], mount['file']))
        message = bus.timed_pop_filtered(
            15 * Gst.SECOND, Gst.MessageType.ASYNC_DONE | Gst.MessageType.ERROR
        )
        if message is None:
            raise ConfigError('%s: timed out reading %s' % (mount['path'], mount['file']))
        if message.type == Gst.MessageType.ERROR:
            err, _debug = message.parse_error()
            raise ConfigError(
                '%s: %s is not a playable H.264 MP4 (%s)'
                % (mount['path'], mount['file'], err.message)
            )
    finally:
        pipeline.set_state(Gst.State.NULL)


def check_generate(mount, launch):
    try:
        pipeline = Gst.parse_launch(launch)
    except GLib.Error as err:
        raise ConfigError('%s: GStreamer plugin missing? %s' % (mount['path'], err.message))
    pipeline.set_state(Gst.State.NULL)


# ---------------------------------------------------------------------------------------------
# Server


def main(argv):
    if len(argv) != 2:
        fail('usage: rtsp-simulator.py CONFIG_JSON')
    try:
        config = parse_config(argv[1])
        for element in ('rtph264pay', 'h264parse', 'qtdemux', 'filesrc'):
            if Gst.ElementFactory.find(element) is None:
                raise ConfigError('GStreamer element %s missing' % element)
        factories = []
        for mount in config['mounts']:
            factory = Factory(mount)
            if mount['type'] == 'generate':
                check_generate(mount, factory.launch)
            else:
                check_file(mount)
            factories.append(factory)
    except ConfigError as err:
        fail(err)

    server = GstRtspServer.RTSPServer()
    server.set_address(config['host'])
    server.set_service(str(config['port']))

    permissions = None
    if config['auth']:
        auth = GstRtspServer.RTSPAuth()
        token = GstRtspServer.RTSPToken()
        token.set_string('media.factory.role', 'operator')
        basic = GstRtspServer.RTSPAuth.make_basic(
            config['auth']['username'], config['auth']['password']
        )
        auth.add_basic(basic, token)
        server.set_auth(auth)
        permissions = GstRtspServer.RTSPPermissions()
        permissions.add_permission_for_role('operator', 'media.factory.access', True)
        permissions.add_permission_for_role('operator', 'media.factory.construct', True)

    mount_points = server.get_mount_points()
    for factory in factories:
        factory.set_shared(True)
        factory.set_eos_shutdown(False)
        factory.set_protocols(GstRtsp.RTSPLowerTrans.TCP | GstRtsp.RTSPLowerTrans.UDP)
        if permissions is not None:
            factory.set_permissions(permissions)
        mount_points.add_factory(factory.mount['path'], factory)

    try:
        source = server.create_source(None)
    except GLib.Error as err:
        fail('cannot listen on %s:%s: %s' % (config['host'], config['port'], err.message))
    source.attach(None)

    loop = GLib.MainLoop()

    def stop(*_args):
        loop.quit()
        return GLib.SOURCE_REMOVE

    GLib.unix_signal_add(GLib.PRIORITY_HIGH, signal.SIGTERM, stop)
    GLib.unix_signal_add(GLib.PRIORITY_HIGH, signal.SIGINT, stop)

    if config['exitOnStdinClose']:

        def on_stdin(fd, _condition):
            try:
                data = os.read(fd, 4096)
            except OSError:
                data = b''
            if not data:
                loop.quit()
                return GLib.SOURCE_REMOVE
            return GLib.SOURCE_CONTINUE

        GLib.unix_fd_add_full(
            GLib.PRIORITY_DEFAULT,
            sys.stdin.fileno(),
            GLib.IOCondition.IN | GLib.IOCondition.HUP,
            on_stdin,
        )

    sys.stdout.write(json.dumps({'ready': True, 'port': server.get_bound_port()}) + '\n')
    sys.stdout.flush()
    loop.run()

    # Close the listening socket and the client connections, then leave without waiting for
    # streaming threads: a fast, clean exit lets the port be taken again at once.
    source.destroy()
    server.client_filter(lambda _server, _client: GstRtspServer.RTSPFilterResult.REMOVE)
    context = GLib.MainContext.default()
    while context.pending():
        context.iteration(False)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


if __name__ == '__main__':
    main(sys.argv)
