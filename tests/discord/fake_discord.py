"""A fake Discord on 127.0.0.1 (REST under /api/v10 + gateway websocket) for the real discord.py.

Point discord.py at it by setting ``discord.http.Route.BASE = fake.api_base`` and
``discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(fake.gateway_url)`` (the
``fake_discord`` fixture does both). Everything the client does is recorded:

- ``fake.requests``: every REST call (:class:`RecordedRequest`), unknown routes included
  (``route is None``, answered 404 like Discord) and bodies Discord would reject (answered 400
  ``Invalid Form Body`` with Discord's error layout, so discord.py raises ``HTTPException``).
- ``fake.gateway_received``: every frame the client sent; ``identify_count``, ``resume_count``.

Tests drive it with ``await fake.dispatch(event, payload)`` and the payload builders
(``message_payload``, ``command_payload``, ``autocomplete_payload``, ``component_payload``),
then ``await fake.wait_for_request(...)`` / ``wait_for_message`` / ``wait_for_interaction_reply``.
``await fake.close_gateway(code)`` drops the socket so discord.py resumes; events dispatched
while it is away are replayed on RESUME, as Discord does.

Discord behaviour modelled on purpose, because bots get it wrong: intents (no MESSAGE_CREATE
without GUILD_MESSAGES / DIRECT_MESSAGES; empty content without MESSAGE_CONTENT unless the bot
is mentioned, in a DM, or the author), one response per interaction, followups only after it,
message/embed/component/command/autocomplete limits, replies to unknown messages, and the bot's
own messages echoed back over the gateway (``echo_bot_messages``).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import re
import socket
import time
import traceback
import uuid
import zlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar

from aiohttp import WSMsgType, web

API_PREFIX = "/api/v10"
GATEWAY_PATH = "/ws"
GOOD_TOKEN = "fake.good.token"
BAD_TOKEN = "fake.bad.token"
DISCORD_EPOCH_MS = 1_420_070_400_000
HEARTBEAT_INTERVAL_MS = 41_250
ZLIB_SUFFIX = b"\x00\x00\xff\xff"

T = TypeVar("T")
JSON = dict[str, Any]


class Op:
    """Gateway opcodes."""

    DISPATCH = 0
    HEARTBEAT = 1
    IDENTIFY = 2
    PRESENCE_UPDATE = 3
    VOICE_STATE_UPDATE = 4
    RESUME = 6
    RECONNECT = 7
    REQUEST_GUILD_MEMBERS = 8
    INVALID_SESSION = 9
    HELLO = 10
    HEARTBEAT_ACK = 11


class Intent:
    """Gateway intent bits the fake looks at."""

    GUILDS = 1 << 0
    GUILD_MEMBERS = 1 << 1
    GUILD_PRESENCES = 1 << 8
    GUILD_MESSAGES = 1 << 9
    DIRECT_MESSAGES = 1 << 12
    MESSAGE_CONTENT = 1 << 15
    PRIVILEGED = GUILD_MEMBERS | GUILD_PRESENCES | MESSAGE_CONTENT


class Perm:
    """Permission bits used to build roles."""

    CREATE_INSTANT_INVITE = 1 << 0
    ADMINISTRATOR = 1 << 3
    MANAGE_CHANNELS = 1 << 4
    MANAGE_GUILD = 1 << 5
    ADD_REACTIONS = 1 << 6
    VIEW_CHANNEL = 1 << 10
    SEND_MESSAGES = 1 << 11
    MANAGE_MESSAGES = 1 << 13
    EMBED_LINKS = 1 << 14
    ATTACH_FILES = 1 << 15
    READ_MESSAGE_HISTORY = 1 << 16
    MENTION_EVERYONE = 1 << 17
    USE_EXTERNAL_EMOJIS = 1 << 18
    CHANGE_NICKNAME = 1 << 26
    USE_APPLICATION_COMMANDS = 1 << 31
    SEND_MESSAGES_IN_THREADS = 1 << 38
    ALL = (1 << 51) - 1
    EVERYONE = (
        CREATE_INSTANT_INVITE
        | ADD_REACTIONS
        | VIEW_CHANNEL
        | SEND_MESSAGES
        | EMBED_LINKS
        | ATTACH_FILES
        | READ_MESSAGE_HISTORY
        | MENTION_EVERYONE
        | USE_EXTERNAL_EMOJIS
        | CHANGE_NICKNAME
        | USE_APPLICATION_COMMANDS
        | SEND_MESSAGES_IN_THREADS
    )
    BOT = (
        VIEW_CHANNEL
        | SEND_MESSAGES
        | EMBED_LINKS
        | ATTACH_FILES
        | READ_MESSAGE_HISTORY
        | ADD_REACTIONS
        | USE_EXTERNAL_EMOJIS
        | SEND_MESSAGES_IN_THREADS
        | USE_APPLICATION_COMMANDS
    )
    MODERATOR = MANAGE_GUILD | MANAGE_CHANNELS | MANAGE_MESSAGES


# Interaction types and callback types (Discord's numbers).
PING, APPLICATION_COMMAND, MESSAGE_COMPONENT, AUTOCOMPLETE, MODAL_SUBMIT = 1, 2, 3, 4, 5
CB_PONG, CB_MESSAGE, CB_DEFERRED_MESSAGE, CB_DEFERRED_UPDATE, CB_UPDATE = 1, 4, 5, 6, 7
CB_AUTOCOMPLETE, CB_MODAL = 8, 9
EPHEMERAL = 1 << 6
LOADING = 1 << 7
COMPONENTS_V2 = 1 << 15

_CALLBACKS_FOR = {
    PING: {CB_PONG},
    APPLICATION_COMMAND: {CB_MESSAGE, CB_DEFERRED_MESSAGE, CB_MODAL},
    MESSAGE_COMPONENT: {CB_MESSAGE, CB_DEFERRED_MESSAGE, CB_DEFERRED_UPDATE, CB_UPDATE, CB_MODAL},
    AUTOCOMPLETE: {CB_AUTOCOMPLETE},
    MODAL_SUBMIT: {CB_MESSAGE, CB_DEFERRED_MESSAGE, CB_DEFERRED_UPDATE, CB_UPDATE},
}
_OPTION_TYPES = {
    "SUB_COMMAND": 1,
    "SUB_COMMAND_GROUP": 2,
    "STRING": 3,
    "INTEGER": 4,
    "BOOLEAN": 5,
    "USER": 6,
    "CHANNEL": 7,
    "ROLE": 8,
    "MENTIONABLE": 9,
    "NUMBER": 10,
    "ATTACHMENT": 11,
}
_COMMAND_NAME = re.compile(r"^[-_'\w\u0900-\u097F\u0E00-\u0E7F]{1,32}$")
_USER_MENTION = re.compile(r"<@!?(\d+)>")
_ROLE_MENTION = re.compile(r"<@&(\d+)>")


def now_iso() -> str:
    """The current time as Discord writes timestamps."""
    return datetime.now(UTC).isoformat()


class _Snowflakes:
    """Increasing snowflakes that carry the current time, like Discord's."""

    def __init__(self) -> None:
        self._last = 0

    def __call__(self) -> int:
        value = (int(time.time() * 1000) - DISCORD_EPOCH_MS) << 22
        value = max(value, self._last + 1)
        self._last = value
        return value


@dataclass
class RecordedRequest:
    """One REST call the client made, with what the fake answered."""

    index: int
    method: str
    path: str  # without the /api/v10 prefix, e.g. "/channels/1/messages"
    query: dict[str, str]
    json: Any
    route: str | None  # e.g. "POST /channels/{channel_id}/messages"; None = unknown route
    params: dict[str, str] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    authorization: str | None = None
    status: int = 0
    response: Any = None

    @property
    def message_body(self) -> JSON | None:
        """The message the request creates or edits (a callback's ``data``), if any."""
        if not isinstance(self.json, dict):
            return None
        if self.route == "POST /interactions/{interaction_id}/{token}/callback":
            data = self.json.get("data")
            return data if isinstance(data, dict) else None
        return self.json

    def __str__(self) -> str:
        body = json.dumps(self.json)[:300] if self.json is not None else ""
        return f"#{self.index} {self.method} {self.path} -> {self.status} {body}"


class _ApiError(Exception):
    """An error answered to the client in Discord's JSON shape."""

    def __init__(
        self,
        status: int,
        code: int,
        message: str,
        errors: Sequence[tuple[str, str]] = (),
    ) -> None:
        super().__init__(message)
        self.status = status
        self.body: JSON = {"code": code, "message": message}
        if errors:
            self.body["errors"] = {
                path: {"_errors": [{"code": "FAKE_DISCORD_INVALID", "message": text}]}
                for path, text in errors
            }


def _invalid(errors: Sequence[tuple[str, str]]) -> _ApiError:
    return _ApiError(400, 50035, "Invalid Form Body", errors)


@dataclass(eq=False)
class _Session:
    session_id: str
    shard: tuple[int, int]
    intents: int
    seq: int = 0
    events: list[JSON] = field(default_factory=list)
    conn: _Connection | None = None
    ended: bool = False


@dataclass(eq=False)
class _Connection:
    ws: web.WebSocketResponse
    compress: bool
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    zlib: Any = None
    session: _Session | None = None
    ready: bool = False
    server_closed: bool = False


@dataclass(eq=False)
class _Interaction:
    payload: JSON
    response_type: int | None = None
    original_message_id: int | None = None
    followup_ids: list[int] = field(default_factory=list)

    @property
    def id(self) -> int:
        return int(self.payload["id"])

    @property
    def type(self) -> int:
        return int(self.payload["type"])


@dataclass(frozen=True)
class _Route:
    method: str
    pattern: str
    handler: Callable[[RecordedRequest], Any]
    auth: bool = True

    @property
    def name(self) -> str:
        return f"{self.method} {self.pattern}"

    def match(self, method: str, path: str) -> dict[str, str] | None:
        if method != self.method:
            return None
        want, got = self.pattern.split("/"), path.split("/")
        if len(want) != len(got):
            return None
        params: dict[str, str] = {}
        for expected, actual in zip(want, got, strict=True):
            if expected.startswith("{"):
                if not actual:
                    return None
                params[expected[1:-1]] = actual
            elif expected != actual:
                return None
        return params


class FakeDiscord:
    """A small Discord: one application, one guild with channels/roles/members, DMs, the gateway."""

    def __init__(
        self,
        *,
        token: str = GOOD_TOKEN,
        shard_count: int = 1,
        echo_bot_messages: bool = True,
        honour_compression: bool = True,
        privileged_intents_allowed: bool = True,
        heartbeat_interval_ms: int = HEARTBEAT_INTERVAL_MS,
    ) -> None:
        self.token = token
        self.shard_count = shard_count
        self.echo_bot_messages = echo_bot_messages
        self.honour_compression = honour_compression
        self.privileged_intents_allowed = privileged_intents_allowed
        self.heartbeat_interval_ms = heartbeat_interval_ms
        self.invalidate_resumes = False  # answer RESUME with INVALID_SESSION(false)

        self.requests: list[RecordedRequest] = []
        self.server_errors: list[str] = []
        self.gateway_received: list[JSON] = []
        self.identify_count = 0
        self.resume_count = 0
        self.heartbeat_count = 0

        self._ids = _Snowflakes()
        self._tokens = itertools.count(1)
        self._sessions: list[_Session] = []
        self._connections: set[_Connection] = set()
        self._waiters: list[asyncio.Future[None]] = []
        self._runner: web.AppRunner | None = None
        self.port = 0

        self.users: dict[int, JSON] = {}
        self.channels: dict[int, JSON] = {}
        self.messages: dict[int, JSON] = {}
        self.interactions: dict[int, _Interaction] = {}
        self.global_commands: dict[tuple[int, str], JSON] = {}
        self.guild_commands: dict[int, dict[tuple[int, str], JSON]] = {}
        self._dm_channels: dict[int, int] = {}
        self._build_world()
        self._routes = self._build_routes()

    # ----------------------------------------------------------------- world

    def _user(self, name: str, *, bot: bool = False) -> JSON:
        user: JSON = {
            "id": str(self._ids()),
            "username": name,
            "global_name": None if bot else name.title(),
            "discriminator": "0",
            "avatar": None,
            "bot": bot,
            "system": False,
            "public_flags": 0,
            "flags": 0,
            "banner": None,
            "accent_color": None,
        }
        self.users[int(user["id"])] = user
        return user

    def _build_world(self) -> None:
        self.bot_user = self._user("stationbot", bot=True)
        self.bot_user.update({"verified": True, "mfa_enabled": False, "email": None})
        self.bot_user_id = int(self.bot_user["id"])
        self.application_id = self.bot_user_id  # as for every modern Discord application
        self.owner = self._user("station-owner")
        self.user = self._user("astro")
        self.admin = self._user("flight-director")
        self.user_id = int(self.user["id"])
        self.admin_id = int(self.admin["id"])
        self.owner_id = int(self.owner["id"])

        self.guild_id = self._ids()
        self.everyone_role = self._role("@everyone", Perm.EVERYONE, role_id=self.guild_id)
        self.bot_role = self._role("stationbot", Perm.BOT, managed=True)
        self.bot_role["tags"] = {"bot_id": self.bot_user["id"]}
        self.mod_role = self._role("flight controllers", Perm.MODERATOR, position=2)
        self.mod_role_id = int(self.mod_role["id"])
        self.roles: dict[int, JSON] = {
            int(r["id"]): r for r in (self.everyone_role, self.bot_role, self.mod_role)
        }
        self.category_id = self._ids()
        self.channel_id = self._ids()
        self.other_channel_id = self._ids()
        self.channels[self.category_id] = self._guild_channel(self.category_id, "station", 4, 0)
        self.channels[self.channel_id] = self._guild_channel(self.channel_id, "general", 0, 1)
        self.channels[self.other_channel_id] = self._guild_channel(
            self.other_channel_id, "ask-the-station", 0, 2
        )
        self.members: dict[int, JSON] = {}
        self.add_member(self.bot_user, roles=[int(self.bot_role["id"])])
        self.add_member(self.owner)
        self.add_member(self.user)
        self.add_member(self.admin, roles=[self.mod_role_id])

    def _role(
        self,
        name: str,
        permissions: int,
        *,
        role_id: int | None = None,
        managed: bool = False,
        position: int | None = None,
    ) -> JSON:
        return {
            "id": str(role_id or self._ids()),
            "name": name,
            "permissions": str(permissions),
            "position": 0 if role_id else (position or 1),
            "color": 0,
            "colors": {"primary_color": 0, "secondary_color": None, "tertiary_color": None},
            "hoist": False,
            "icon": None,
            "unicode_emoji": None,
            "managed": managed,
            "mentionable": False,
            "flags": 0,
        }

    def _guild_channel(self, channel_id: int, name: str, ctype: int, position: int) -> JSON:
        data: JSON = {
            "id": str(channel_id),
            "type": ctype,
            "guild_id": str(self.guild_id),
            "name": name,
            "position": position,
            "permission_overwrites": [],
            "nsfw": False,
            "flags": 0,
            "parent_id": None,
        }
        if ctype == 0:
            data.update(
                {
                    "topic": None,
                    "last_message_id": None,
                    "rate_limit_per_user": 0,
                    "parent_id": str(self.category_id),
                    "default_auto_archive_duration": 1440,
                    "default_thread_rate_limit_per_user": 0,
                }
            )
        return data

    def add_member(self, user: JSON, *, roles: Iterable[int] = ()) -> JSON:
        """Put ``user`` (a payload from ``add_user`` or the built-ins) in the guild."""
        member: JSON = {
            "user": user,
            "nick": None,
            "avatar": None,
            "banner": None,
            "roles": [str(r) for r in roles],
            "joined_at": now_iso(),
            "premium_since": None,
            "deaf": False,
            "mute": False,
            "flags": 0,
            "pending": False,
            "communication_disabled_until": None,
        }
        self.members[int(user["id"])] = member
        return member

    def add_user(self, name: str, *, bot: bool = False, member: bool = True) -> JSON:
        """Create a user (a guild member unless ``member=False``) and return its payload."""
        user = self._user(name, bot=bot)
        if member:
            self.add_member(user)
        return user

    def permissions_of(self, user_id: int) -> int:
        """Guild-level permissions of a member (owner and ADMINISTRATOR get everything)."""
        if user_id == self.owner_id:
            return Perm.ALL
        member = self.members.get(user_id)
        if member is None:
            return 0
        value = int(self.everyone_role["permissions"])
        for role_id in member["roles"]:
            value |= int(self.roles[int(role_id)]["permissions"])
        return Perm.ALL if value & Perm.ADMINISTRATOR else value

    def guild_payload(self) -> JSON:
        """The full GUILD_CREATE payload for the guild."""
        return {
            "id": str(self.guild_id),
            "name": "Low Earth Orbit",
            "icon": None,
            "splash": None,
            "discovery_splash": None,
            "banner": None,
            "description": None,
            "owner_id": str(self.owner_id),
            "afk_channel_id": None,
            "afk_timeout": 300,
            "verification_level": 0,
            "default_message_notifications": 1,
            "explicit_content_filter": 0,
            "mfa_level": 0,
            "nsfw_level": 0,
            "premium_tier": 0,
            "premium_subscription_count": 0,
            "premium_progress_bar_enabled": False,
            "preferred_locale": "en-US",
            "system_channel_id": str(self.channel_id),
            "system_channel_flags": 0,
            "rules_channel_id": None,
            "public_updates_channel_id": None,
            "safety_alerts_channel_id": None,
            "vanity_url_code": None,
            "max_members": 500000,
            "max_video_channel_users": 25,
            "features": [],
            "roles": list(self.roles.values()),
            "emojis": [],
            "stickers": [],
            "joined_at": now_iso(),
            "large": False,
            "unavailable": False,
            "member_count": len(self.members),
            "members": list(self.members.values()),
            "channels": [
                {k: v for k, v in c.items() if k != "guild_id"}
                for c in self.channels.values()
                if c.get("guild_id") == str(self.guild_id)
            ],
            "threads": [],
            "presences": [],
            "voice_states": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "soundboard_sounds": [],
        }

    def dm_channel(self, user_id: int) -> JSON:
        """The bot's DM channel with ``user_id`` (created on first use, like Discord)."""
        channel_id = self._dm_channels.get(user_id)
        if channel_id is None:
            channel_id = self._ids()
            self._dm_channels[user_id] = channel_id
            self.channels[channel_id] = {
                "id": str(channel_id),
                "type": 1,
                "last_message_id": None,
                "flags": 0,
                "recipients": [self.users[user_id]],
            }
        return self.channels[channel_id]

    def mention(self, user_id: int | None = None) -> str:
        """``<@id>`` for ``user_id`` (default: the bot)."""
        return f"<@{user_id or self.bot_user_id}>"

    # ------------------------------------------------------------ lifecycle

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_base(self) -> str:
        """What ``discord.http.Route.BASE`` must be set to."""
        return self.base_url + API_PREFIX

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}{GATEWAY_PATH}"

    async def start(self) -> None:
        """Listen on 127.0.0.1, on a free port."""
        app = web.Application(middlewares=[self._middleware])
        app.router.add_get(GATEWAY_PATH, self._gateway)
        app.router.add_route("*", "/{tail:.*}", self._rest)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", 0))
        self.port = sock.getsockname()[1]
        await web.SockSite(self._runner, sock).start()

    async def close(self) -> None:
        """Close every gateway socket (1001, going away) and stop listening."""
        for conn in list(self._connections):
            conn.server_closed = True
            with contextlib.suppress(Exception):
                await asyncio.wait_for(conn.ws.close(code=1001), timeout=5)
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeDiscord:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    # ---------------------------------------------------------------- waits

    def _notify(self) -> None:
        waiters, self._waiters = self._waiters, []
        for waiter in waiters:
            if not waiter.done():
                waiter.set_result(None)

    async def _wait_until(self, check: Callable[[], T | None], timeout: float, what: str) -> T:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while (result := check()) is None:
            remaining = deadline - loop.time()
            if remaining <= 0:
                recent = "\n  ".join(str(r) for r in self.requests[-15:]) or "(none)"
                raise AssertionError(
                    f"fake Discord: timed out after {timeout}s waiting for {what}.\n"
                    f"Last requests:\n  {recent}\nServer errors: {self.server_errors}"
                )
            waiter = loop.create_future()
            self._waiters.append(waiter)
            # Woken by the fake's own events; the short cap also re-checks conditions that
            # depend on the client (which cannot wake us).
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(waiter, min(remaining, 0.05))
        return result

    async def wait_until(
        self, check: Callable[[], T | None], *, timeout: float = 10.0, what: str = "a condition"
    ) -> T:
        """Until ``check()`` returns something other than None (or False); returns it."""
        return await self._wait_until(lambda: check() or None, timeout, what)

    def mark(self) -> int:
        """Index to pass as ``since=`` so a wait only sees requests made from now on."""
        return len(self.requests)

    async def wait_for_request(
        self,
        predicate: Callable[[RecordedRequest], bool] | None = None,
        *,
        route: str | None = None,
        since: int = 0,
        timeout: float = 10.0,
    ) -> RecordedRequest:
        """The first recorded request (index >= ``since``) matching ``route`` and ``predicate``."""

        def check() -> RecordedRequest | None:
            for request in self.requests[since:]:
                if route is not None and request.route != route:
                    continue
                if predicate is None or predicate(request):
                    return request
            return None

        return await self._wait_until(check, timeout, f"a request matching {route or predicate}")

    async def wait_for_message(
        self,
        channel_id: int | None = None,
        predicate: Callable[[JSON], bool] | None = None,
        *,
        since: int = 0,
        timeout: float = 10.0,
    ) -> RecordedRequest:
        """A successful ``POST /channels/{id}/messages`` (any channel if ``channel_id`` is None)."""

        def matches(request: RecordedRequest) -> bool:
            if request.status != 200:
                return False
            if channel_id is not None and request.params.get("channel_id") != str(channel_id):
                return False
            return predicate is None or predicate(request.json)

        return await self.wait_for_request(
            matches, route="POST /channels/{channel_id}/messages", since=since, timeout=timeout
        )

    async def wait_for_callback(
        self, interaction: JSON | int, *, timeout: float = 10.0
    ) -> RecordedRequest:
        """The interaction callback (``POST /interactions/{id}/{token}/callback``) for it."""
        interaction_id = str(interaction["id"] if isinstance(interaction, dict) else interaction)
        return await self.wait_for_request(
            lambda r: r.params.get("interaction_id") == interaction_id,
            route="POST /interactions/{interaction_id}/{token}/callback",
            timeout=timeout,
        )

    async def wait_for_interaction_reply(
        self,
        interaction: JSON | int,
        predicate: Callable[[JSON], bool] | None = None,
        *,
        timeout: float = 10.0,
    ) -> RecordedRequest:
        """The first successful request that gives the interaction a visible message.

        That is the callback (type 4 or 7), or, after a defer, the edit of the original response
        or a followup; ``request.message_body`` is the message either way.
        """
        interaction_id = int(interaction["id"] if isinstance(interaction, dict) else interaction)
        state = self.interactions[interaction_id]
        token = state.payload["token"]

        def matches(request: RecordedRequest) -> bool:
            if request.status not in (200, 204):
                return False
            if request.route == "POST /interactions/{interaction_id}/{token}/callback":
                ok = request.params["interaction_id"] == str(interaction_id) and (
                    request.json or {}
                ).get("type") in (CB_MESSAGE, CB_UPDATE)
            elif request.route in (
                "POST /webhooks/{application_id}/{token}",
                "PATCH /webhooks/{application_id}/{token}/messages/{message_id}",
            ):
                ok = request.params["token"] == token
            else:
                ok = False
            body = request.message_body
            return ok and body is not None and (predicate is None or predicate(body))

        return await self.wait_for_request(matches, timeout=timeout)

    async def wait_for_gateway(
        self, predicate: Callable[[JSON], bool], *, since: int = 0, timeout: float = 10.0
    ) -> JSON:
        """The first frame the client sent (index >= ``since``) matching ``predicate``."""

        def check() -> JSON | None:
            return next((f for f in self.gateway_received[since:] if predicate(f)), None)

        return await self._wait_until(check, timeout, "a gateway frame from the client")

    async def wait_until_connected(self, *, timeout: float = 10.0) -> None:
        """Until some client holds a live session that got READY or RESUMED."""

        def check() -> bool | None:
            return True if any(c.ready for c in self._connections) else None

        await self._wait_until(check, timeout, "a connected gateway session")

    # ------------------------------------------------------------- problems

    @property
    def unknown_requests(self) -> list[RecordedRequest]:
        """Requests to routes the fake does not know (answered 404)."""
        return [r for r in self.requests if r.route is None]

    def problems(self) -> list[str]:
        """Unknown routes, rejected bodies (400/401/403) and fake crashes, as readable lines."""
        lines = [f"unknown route: {r}" for r in self.unknown_requests]
        lines += [
            f"rejected: {r} {json.dumps(r.response)[:400]}"
            for r in self.requests
            if r.route is not None and r.status in (400, 401, 403)
        ]
        return lines + [f"fake Discord crashed: {e}" for e in self.server_errors]

    # ------------------------------------------------------------- gateway

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True, max_msg_size=0)
        await ws.prepare(request)
        compress = self.honour_compression and request.query.get("compress") == "zlib-stream"
        conn = _Connection(ws=ws, compress=compress)
        if compress:
            conn.zlib = zlib.compressobj()
        self._connections.add(conn)
        try:
            if request.query.get("encoding", "json") != "json":
                await self._close(conn, 4002, "only encoding=json is supported")
                return ws
            await self._send(
                conn, {"op": Op.HELLO, "d": {"heartbeat_interval": self.heartbeat_interval_ms}}
            )
            async for msg in ws:
                if msg.type is WSMsgType.TEXT:
                    try:
                        frame = json.loads(msg.data)
                    except ValueError:
                        await self._close(conn, 4002, "decode error")
                        break
                    self.gateway_received.append(frame)
                    self._notify()
                    await self._on_frame(conn, frame)
                elif msg.type is WSMsgType.BINARY:
                    await self._close(conn, 4002, "binary frames are not supported")
                    break
        except Exception:
            self.server_errors.append(traceback.format_exc())
            raise
        finally:
            self._connections.discard(conn)
            session = conn.session
            if session is not None and session.conn is conn:
                session.conn = None
                if not conn.server_closed and ws.close_code in (1000, 1001):
                    session.ended = True  # a clean close by the client ends the session
            self._notify()
        return ws

    async def _close(self, conn: _Connection, code: int, reason: str) -> None:
        conn.server_closed = True
        conn.ready = False
        await conn.ws.close(code=code, message=reason.encode())

    async def _send(self, conn: _Connection, frame: JSON) -> bool:
        frame.setdefault("s", None)
        frame.setdefault("t", None)
        text = json.dumps(frame, separators=(",", ":"))
        async with conn.lock:
            if conn.ws.closed:
                return False
            try:
                if conn.compress:
                    data = conn.zlib.compress(text.encode()) + conn.zlib.flush(zlib.Z_SYNC_FLUSH)
                    await conn.ws.send_bytes(data)
                else:
                    await conn.ws.send_str(text)
            except (ConnectionError, RuntimeError):
                return False
        return True

    async def _on_frame(self, conn: _Connection, frame: JSON) -> None:
        op, data = frame.get("op"), frame.get("d")
        if op == Op.HEARTBEAT:
            self.heartbeat_count += 1
            await self._send(conn, {"op": Op.HEARTBEAT_ACK})
        elif op == Op.IDENTIFY:
            await self._identify(conn, data or {})
        elif op == Op.RESUME:
            await self._resume(conn, data or {})
        elif op == Op.REQUEST_GUILD_MEMBERS:
            await self._members_chunk(conn, data or {})
        elif op in (Op.PRESENCE_UPDATE, Op.VOICE_STATE_UPDATE):
            pass
        else:
            await self._close(conn, 4001, f"unknown opcode {op}")

    async def _identify(self, conn: _Connection, data: JSON) -> None:
        self.identify_count += 1
        self._notify()
        if conn.session is not None:
            await self._close(conn, 4005, "already authenticated")
            return
        if data.get("token") != self.token:
            await self._close(conn, 4004, "authentication failed")
            return
        intents = data.get("intents")
        if not isinstance(intents, int):
            await self._close(conn, 4013, "invalid intents")
            return
        if intents & Intent.PRIVILEGED and not self.privileged_intents_allowed:
            await self._close(conn, 4014, "disallowed intents")
            return
        shard_id, shard_count = data.get("shard") or [0, 1]
        if shard_count != self.shard_count or not 0 <= shard_id < shard_count:
            await self._close(conn, 4010, "invalid shard")
            return
        session = _Session(uuid.uuid4().hex, (shard_id, shard_count), intents, conn=conn)
        conn.session = session
        self._sessions.append(session)
        in_shard = (self.guild_id >> 22) % shard_count == shard_id
        ready = {
            "v": 10,
            "user": self.bot_user,
            "guilds": [{"id": str(self.guild_id), "unavailable": True}] if in_shard else [],
            "session_id": session.session_id,
            "session_type": "normal",
            "resume_gateway_url": self.gateway_url,
            "shard": [shard_id, shard_count],
            "application": {"id": str(self.application_id), "flags": (1 << 15) | (1 << 19)},
            "private_channels": [],
            "relationships": [],
            "presences": [],
            "guild_join_requests": [],
            "geo_ordered_rtc_regions": ["fake"],
            "user_settings": {},
            "_trace": ["fake-discord"],
        }
        await self._dispatch_to(session, "READY", ready)
        conn.ready = True
        if in_shard:
            await self._dispatch_to(session, "GUILD_CREATE", self.guild_payload())
        self._notify()

    async def _resume(self, conn: _Connection, data: JSON) -> None:
        self.resume_count += 1
        self._notify()
        if data.get("token") != self.token:
            await self._close(conn, 4004, "authentication failed")
            return
        session = next(
            (s for s in self._sessions if s.session_id == data.get("session_id") and not s.ended),
            None,
        )
        if session is None or self.invalidate_resumes:
            if session is not None:
                session.ended = True
            await self._send(conn, {"op": Op.INVALID_SESSION, "d": False})
            return
        if session.conn is not None and session.conn is not conn:
            old = session.conn
            old.server_closed = True
            with contextlib.suppress(Exception):
                await old.ws.close(code=4000)
        session.conn = conn
        conn.session = session
        seq = data.get("seq") or 0
        for frame in [f for f in session.events if f["s"] > seq]:
            await self._send(conn, dict(frame))
        await self._dispatch_to(session, "RESUMED", {"_trace": ["fake-discord"]})
        conn.ready = True
        self._notify()

    async def _members_chunk(self, conn: _Connection, data: JSON) -> None:
        if conn.session is None:
            return
        members = list(self.members.values())
        if data.get("user_ids"):
            wanted = {str(u) for u in data["user_ids"]}
            members = [m for m in members if m["user"]["id"] in wanted]
        elif data.get("query"):
            members = [m for m in members if m["user"]["username"].startswith(data["query"])]
        if data.get("limit"):
            members = members[: data["limit"]]
        chunk = {
            "guild_id": str(data.get("guild_id", self.guild_id)),
            "members": members,
            "chunk_index": 0,
            "chunk_count": 1,
            "not_found": [],
        }
        if data.get("nonce") is not None:
            chunk["nonce"] = data["nonce"]
        await self._dispatch_to(conn.session, "GUILD_MEMBERS_CHUNK", chunk)

    async def _dispatch_to(self, session: _Session, event: str, data: JSON) -> None:
        session.seq += 1
        frame = {"op": Op.DISPATCH, "t": event, "s": session.seq, "d": data}
        session.events.append(frame)
        if session.conn is not None:
            await self._send(session.conn, dict(frame))

    def _visible(self, session: _Session, event: str, data: JSON) -> JSON | None:
        """What ``session`` receives of an event, given its intents (None = nothing)."""
        if event not in ("MESSAGE_CREATE", "MESSAGE_UPDATE"):
            return data
        need = Intent.GUILD_MESSAGES if data.get("guild_id") else Intent.DIRECT_MESSAGES
        if not session.intents & need:
            return None
        if session.intents & Intent.MESSAGE_CONTENT:
            return data
        author_id = int(data.get("author", {}).get("id", 0))
        mentioned = any(int(u["id"]) == self.bot_user_id for u in data.get("mentions", []))
        if not data.get("guild_id") or author_id == self.bot_user_id or mentioned:
            return data
        return {**data, "content": "", "embeds": [], "attachments": [], "components": []}

    async def dispatch(self, event: str, data: JSON) -> int:
        """Send a DISPATCH to every session (queued for replay if its socket is down).

        Guild events go to the shard owning the guild, others to shard 0. Returns how many
        sessions got it; raises if no client ever identified.
        """
        if event == "MESSAGE_CREATE":
            self.messages[int(data["id"])] = data
            channel = self.channels.get(int(data["channel_id"]))
            if channel is not None and "last_message_id" in channel:
                channel["last_message_id"] = data["id"]
        elif event == "INTERACTION_CREATE":
            self.register_interaction(data)
        live = [s for s in self._sessions if not s.ended]
        if not live:
            raise RuntimeError(f"fake Discord: no gateway session to dispatch {event} to")
        guild_id = int(data.get("guild_id") or 0)
        delivered = 0
        for session in live:
            shard_id, shard_count = session.shard
            if (guild_id >> 22) % shard_count != shard_id:
                continue
            visible = self._visible(session, event, data)
            if visible is not None:
                await self._dispatch_to(session, event, visible)
                delivered += 1
        return delivered

    async def close_gateway(self, code: int = 4000) -> None:
        """Drop every gateway socket with ``code``; the session stays resumable."""
        for conn in list(self._connections):
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._close(conn, code, "fake: forced close"), timeout=5)

    async def send_reconnect(self) -> None:
        """Send op 7 RECONNECT to every live socket (discord.py then resumes)."""
        for conn in list(self._connections):
            await self._send(conn, {"op": Op.RECONNECT, "d": None})

    # ------------------------------------------------------------ builders

    def _resolve_user(self, user: JSON | int | None) -> JSON:
        if user is None:
            return self.user
        if isinstance(user, int):
            return self.users[user]
        return user

    def _member_partial(self, user_id: int, *, with_permissions: bool = False) -> JSON | None:
        member = self.members.get(user_id)
        if member is None:
            return None
        partial = {k: v for k, v in member.items() if k != "user"}
        if with_permissions:
            partial["permissions"] = str(self.permissions_of(user_id))
        return partial

    def message_payload(
        self,
        content: str,
        *,
        author: JSON | int | None = None,
        channel_id: int | None = None,
        guild_id: int | None = None,
        dm: bool = False,
        mentions: Sequence[JSON | int] = (),
        mention_everyone: bool | None = None,
        referenced_message: JSON | None = None,
        ping_reply: bool = True,
        embeds: Sequence[JSON] = (),
    ) -> JSON:
        """A MESSAGE_CREATE payload from a user, like Discord builds it.

        Defaults: author = ``fake.user`` (astro), channel = ``fake.channel_id`` in the guild.
        ``dm=True`` puts it in the author's DM with the bot. ``<@id>`` / ``<@&id>`` in
        ``content`` fill ``mentions`` / ``mention_roles``; ``referenced_message`` makes a reply,
        which mentions the replied-to author unless ``ping_reply=False`` (Discord's "@ on").
        """
        user = self._resolve_user(author)
        if dm:
            channel = self.dm_channel(int(user["id"]))
        else:
            channel = self.channels[channel_id or self.channel_id]
        guild = None if channel["type"] == 1 else (guild_id or int(channel["guild_id"]))
        mentioned: list[JSON] = []
        ids = [int(i) for i in _USER_MENTION.findall(content)]
        ids += [m if isinstance(m, int) else int(m["id"]) for m in mentions]
        if referenced_message is not None and ping_reply:
            ids.append(int(referenced_message["author"]["id"]))
        for uid in dict.fromkeys(ids):
            if uid not in self.users:
                continue
            entry = dict(self.users[uid])
            member = self._member_partial(uid) if guild else None
            if member is not None:
                entry["member"] = member
            mentioned.append(entry)
        if mention_everyone is None:
            mention_everyone = guild is not None and ("@everyone" in content or "@here" in content)
        payload: JSON = {
            "id": str(self._ids()),
            "channel_id": channel["id"],
            "author": user,
            "content": content,
            "timestamp": now_iso(),
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": mention_everyone,
            "mentions": mentioned,
            "mention_roles": [r for r in _ROLE_MENTION.findall(content) if int(r) in self.roles],
            "attachments": [],
            "embeds": list(embeds),
            "pinned": False,
            "type": 0,
            "flags": 0,
            "components": [],
        }
        if guild is not None:
            payload["guild_id"] = str(guild)
            member = self._member_partial(int(user["id"]))
            if member is not None:
                payload["member"] = member
        if referenced_message is not None:
            payload["type"] = 19
            payload["message_reference"] = {
                "type": 0,
                "message_id": referenced_message["id"],
                "channel_id": referenced_message["channel_id"],
                **({"guild_id": str(guild)} if guild else {}),
            }
            payload["referenced_message"] = referenced_message
        return payload

    async def send_message(self, content: str, **kwargs: Any) -> JSON:
        """Build a user message (``message_payload`` arguments) and dispatch MESSAGE_CREATE."""
        payload = self.message_payload(content, **kwargs)
        await self.dispatch("MESSAGE_CREATE", payload)
        return payload

    def find_command(self, name: str, *, guild_id: int | None = None) -> JSON:
        """A command the bot registered: guild commands of ``guild_id`` first, then global."""
        for scope in (self.guild_commands.get(guild_id or 0, {}), self.global_commands):
            for (ctype, cname), command in scope.items():
                if ctype == 1 and cname == name:
                    return command
        known = sorted(
            n for scope in (self.global_commands, *self.guild_commands.values()) for (_, n) in scope
        )
        raise LookupError(f"the bot registered no command {name!r} (registered: {known})")

    def _option_value(self, option: JSON, value: Any, resolved: JSON, *, focused: bool) -> Any:
        otype = option["type"]
        if focused:
            return str(value)
        if otype == _OPTION_TYPES["STRING"]:
            return str(value)
        if otype == _OPTION_TYPES["INTEGER"]:
            return int(value)
        if otype == _OPTION_TYPES["NUMBER"]:
            return float(value)
        if otype == _OPTION_TYPES["BOOLEAN"]:
            return bool(value)
        if otype in (_OPTION_TYPES["USER"], _OPTION_TYPES["MENTIONABLE"]):
            user = self.users[int(value)]
            resolved.setdefault("users", {})[user["id"]] = user
            member = self._member_partial(int(value), with_permissions=True)
            if member is not None:
                resolved.setdefault("members", {})[user["id"]] = member
            return user["id"]
        if otype == _OPTION_TYPES["CHANNEL"]:
            channel = self.channels[int(value)]
            resolved.setdefault("channels", {})[channel["id"]] = {
                **channel,
                "permissions": str(Perm.ALL),
            }
            return channel["id"]
        if otype == _OPTION_TYPES["ROLE"]:
            role = self.roles[int(value)]
            resolved.setdefault("roles", {})[role["id"]] = role
            return role["id"]
        raise ValueError(f"option type {otype} is not supported by the fake")

    def _build_options(
        self,
        definitions: Sequence[JSON],
        values: Mapping[str, Any],
        resolved: JSON,
        *,
        focused: str | None,
        check_required: bool,
    ) -> list[JSON]:
        by_name = {o["name"]: o for o in definitions}
        unknown = set(values) - set(by_name)
        if unknown:
            raise ValueError(
                f"unknown options {sorted(unknown)}; the command has {sorted(by_name)}"
            )
        if check_required:
            missing = [
                o["name"] for o in definitions if o.get("required") and o["name"] not in values
            ]
            if missing:
                raise ValueError(f"required options missing: {missing}")
        built = []
        for name, value in values.items():
            definition = by_name[name]
            option: JSON = {"name": name, "type": definition["type"]}
            option["value"] = self._option_value(
                definition, value, resolved, focused=name == focused
            )
            if name == focused:
                option["focused"] = True
            built.append(option)
        if focused is not None and focused not in values:
            raise ValueError(f"the focused option {focused!r} needs a value (the text typed)")
        return built

    def _interaction_base(
        self, itype: int, data: JSON, *, user: JSON | int | None, channel_id: int | None, dm: bool
    ) -> JSON:
        who = self._resolve_user(user)
        interaction_id = self._ids()
        channel = (
            self.dm_channel(int(who["id"])) if dm else self.channels[channel_id or self.channel_id]
        )
        payload: JSON = {
            "id": str(interaction_id),
            "application_id": str(self.application_id),
            "type": itype,
            "data": data,
            "token": f"fake-interaction-token-{interaction_id}-{next(self._tokens)}",
            "version": 1,
            "locale": "en-US",
            "entitlements": [],
            "entitlement_sku_ids": [],
            "attachment_size_limit": 10 * 1024 * 1024,
            "app_permissions": str(Perm.BOT if not dm else Perm.EVERYONE),
        }
        if channel["type"] == 1:
            payload.update(
                {
                    "channel_id": channel["id"],
                    "channel": channel,
                    "user": who,
                    "context": 1,
                    "authorizing_integration_owners": {"0": str(self.guild_id)},
                }
            )
        else:
            member = self._member_partial(int(who["id"]), with_permissions=True)
            if member is None:
                raise ValueError(f"user {who['id']} is not a guild member; use dm=True")
            payload.update(
                {
                    "guild_id": str(self.guild_id),
                    "guild": {"id": str(self.guild_id), "locale": "en-US", "features": []},
                    "guild_locale": "en-US",
                    "channel_id": channel["id"],
                    "channel": {**channel, "permissions": member["permissions"]},
                    "member": {**member, "user": who},
                    "context": 0,
                    "authorizing_integration_owners": {"0": str(self.guild_id)},
                }
            )
        return payload

    def _check_may_use(self, command: JSON, user: JSON, *, dm: bool) -> None:
        """Refuse what Discord's client would not even let the user send."""
        contexts = command.get("contexts")
        if dm and (command.get("dm_permission") is False or (contexts and 1 not in contexts)):
            raise PermissionError(f"/{command['name']} cannot be used in DMs")
        if not dm and contexts and 0 not in contexts:
            raise PermissionError(f"/{command['name']} cannot be used in servers")
        needed = command.get("default_member_permissions")
        if not dm and needed is not None:
            have = self.permissions_of(int(user["id"]))
            if int(needed) & have != int(needed):
                raise PermissionError(
                    f"/{command['name']} needs permissions {needed}; user {user['id']} has {have}"
                )

    def command_payload(
        self,
        name: str,
        options: Mapping[str, Any] | None = None,
        *,
        user: JSON | int | None = None,
        channel_id: int | None = None,
        dm: bool = False,
        _focused: str | None = None,
    ) -> JSON:
        """An INTERACTION_CREATE for the registered slash command ``name`` ("group sub" too).

        Option types come from the command the bot synced, so a command it never registered
        (or an option it does not declare) raises here, before anything is dispatched; so does
        one the user may not run (``default_member_permissions``, DM/guild ``contexts``).
        """
        parts = name.split()
        command = self.find_command(parts[0], guild_id=None if dm else self.guild_id)
        self._check_may_use(command, self._resolve_user(user), dm=dm)
        resolved: JSON = {}
        definitions = command.get("options", [])
        chain: list[JSON] = []
        for part in parts[1:]:
            sub = next((o for o in definitions if o["name"] == part and o["type"] in (1, 2)), None)
            if sub is None:
                raise ValueError(f"{command['name']} has no subcommand {part!r}")
            chain.append({"name": part, "type": sub["type"], "options": []})
            definitions = sub.get("options", [])
        leaf = self._build_options(
            definitions,
            dict(options or {}),
            resolved,
            focused=_focused,
            check_required=_focused is None,
        )
        if chain:
            chain[-1]["options"] = leaf
            for outer, inner in itertools.pairwise(chain):
                outer["options"] = [inner]
            leaf = [chain[0]]
        data: JSON = {
            "id": command["id"],
            "name": command["name"],
            "type": 1,
            "options": leaf,
        }
        if command.get("guild_id"):
            data["guild_id"] = command["guild_id"]
        if resolved:
            data["resolved"] = resolved
        itype = AUTOCOMPLETE if _focused is not None else APPLICATION_COMMAND
        payload = self._interaction_base(itype, data, user=user, channel_id=channel_id, dm=dm)
        self.register_interaction(payload)
        return payload

    def autocomplete_payload(
        self,
        name: str,
        options: Mapping[str, Any],
        *,
        focused: str,
        user: JSON | int | None = None,
        channel_id: int | None = None,
        dm: bool = False,
    ) -> JSON:
        """An autocomplete INTERACTION_CREATE (type 4): ``focused`` names the option being typed."""
        return self.command_payload(
            name, options, user=user, channel_id=channel_id, dm=dm, _focused=focused
        )

    def component_payload(
        self,
        custom_id: str,
        *,
        message: JSON | int,
        component_type: int = 2,
        values: Sequence[str] | None = None,
        user: JSON | int | None = None,
    ) -> JSON:
        """A component INTERACTION_CREATE (type 3) for a button/select on a message the bot sent."""
        stored = self.messages[int(message["id"] if isinstance(message, dict) else message)]
        if custom_id not in self.custom_ids(stored):
            raise ValueError(f"message {stored['id']} has no component {custom_id!r}")
        data: JSON = {"custom_id": custom_id, "component_type": component_type}
        if values is not None:
            data["values"] = list(values)
        channel_id = int(stored["channel_id"])
        dm = self.channels[channel_id]["type"] == 1
        if dm:
            user = user or int(self.channels[channel_id]["recipients"][0]["id"])
        payload = self._interaction_base(
            MESSAGE_COMPONENT, data, user=user, channel_id=None if dm else channel_id, dm=dm
        )
        payload["message"] = stored
        self.register_interaction(payload)
        return payload

    def interaction_payload(
        self, name: str, options: Mapping[str, Any] | None = None, **kw: Any
    ) -> JSON:
        """One builder for all three kinds of interaction.

        ``type=2`` (default) a command, ``type=4`` autocomplete (needs ``focused=``), ``type=3``
        a component (``name`` is then the custom_id, and ``message=`` is needed).
        """
        itype = kw.pop("type", APPLICATION_COMMAND)
        if itype == MESSAGE_COMPONENT:
            return self.component_payload(name, **kw)
        if itype == AUTOCOMPLETE:
            return self.autocomplete_payload(name, options or {}, **kw)
        return self.command_payload(name, options, **kw)

    async def send_interaction(self, payload: JSON) -> JSON:
        """Dispatch INTERACTION_CREATE for a built payload and return it."""
        await self.dispatch("INTERACTION_CREATE", payload)
        return payload

    def register_interaction(self, payload: JSON) -> None:
        """Make the fake accept callbacks for ``payload`` (the builders do this)."""
        self.interactions.setdefault(int(payload["id"]), _Interaction(payload))

    @staticmethod
    def custom_ids(message: JSON) -> list[str]:
        """Every component custom_id in a message, depth first."""
        found: list[str] = []

        def walk(components: Iterable[JSON]) -> None:
            for component in components:
                if "custom_id" in component:
                    found.append(component["custom_id"])
                walk(component.get("components", []))
                if isinstance(component.get("accessory"), dict):
                    walk([component["accessory"]])

        walk(message.get("components", []))
        return found

    @staticmethod
    def buttons(message: JSON) -> list[JSON]:
        """Every button component (type 2) in a message."""
        found: list[JSON] = []

        def walk(components: Iterable[JSON]) -> None:
            for component in components:
                if component.get("type") == 2:
                    found.append(component)
                walk(component.get("components", []))

        walk(message.get("components", []))
        return found

    # ---------------------------------------------------------------- REST

    def _build_routes(self) -> list[_Route]:
        r = _Route
        return [
            r("GET", "/gateway", self._get_gateway, auth=False),
            r("GET", "/gateway/bot", self._get_gateway_bot),
            r("GET", "/users/@me", self._get_me),
            r("POST", "/users/@me/channels", self._create_dm),
            r("GET", "/users/{user_id}", self._get_user),
            r("GET", "/oauth2/applications/@me", self._get_application),
            r("GET", "/applications/@me", self._get_application),
            r("GET", "/applications/{application_id}/commands", self._get_commands),
            r("PUT", "/applications/{application_id}/commands", self._put_commands),
            r("POST", "/applications/{application_id}/commands", self._post_command),
            r(
                "GET",
                "/applications/{application_id}/guilds/{guild_id}/commands",
                self._get_commands,
            ),
            r(
                "PUT",
                "/applications/{application_id}/guilds/{guild_id}/commands",
                self._put_commands,
            ),
            r(
                "POST",
                "/applications/{application_id}/guilds/{guild_id}/commands",
                self._post_command,
            ),
            r(
                "GET",
                "/applications/{application_id}/guilds/{guild_id}/commands/permissions",
                self._get_command_permissions,
            ),
            r("GET", "/guilds/{guild_id}", self._get_guild),
            r("GET", "/guilds/{guild_id}/channels", self._get_guild_channels),
            r("GET", "/guilds/{guild_id}/roles", self._get_roles),
            r("GET", "/guilds/{guild_id}/members/{user_id}", self._get_member),
            r("GET", "/channels/{channel_id}", self._get_channel),
            r("GET", "/channels/{channel_id}/messages", self._get_messages),
            r("POST", "/channels/{channel_id}/messages", self._post_message),
            r("GET", "/channels/{channel_id}/messages/{message_id}", self._get_message),
            r("PATCH", "/channels/{channel_id}/messages/{message_id}", self._patch_message),
            r("DELETE", "/channels/{channel_id}/messages/{message_id}", self._delete_message),
            r("POST", "/channels/{channel_id}/typing", self._no_content),
            r(
                "PUT",
                "/channels/{channel_id}/messages/{message_id}/reactions/{emoji}/@me",
                self._reaction,
            ),
            r(
                "DELETE",
                "/channels/{channel_id}/messages/{message_id}/reactions/{emoji}/@me",
                self._reaction,
            ),
            r(
                "POST",
                "/interactions/{interaction_id}/{token}/callback",
                self._interaction_callback,
                auth=False,
            ),
            r("POST", "/webhooks/{application_id}/{token}", self._followup, auth=False),
            r(
                "GET",
                "/webhooks/{application_id}/{token}/messages/{message_id}",
                self._get_webhook_message,
                auth=False,
            ),
            r(
                "PATCH",
                "/webhooks/{application_id}/{token}/messages/{message_id}",
                self._patch_webhook_message,
                auth=False,
            ),
            r(
                "DELETE",
                "/webhooks/{application_id}/{token}/messages/{message_id}",
                self._delete_webhook_message,
                auth=False,
            ),
        ]

    @web.middleware
    async def _middleware(self, request: web.Request, handler: Any) -> web.StreamResponse:
        try:
            response: web.StreamResponse = await handler(request)
        except web.HTTPException:
            raise
        except Exception:
            self.server_errors.append(traceback.format_exc())
            self._notify()
            # 400, not 500: discord.py retries 5xx with sleeps, which would only slow a test down.
            return _json_response(
                {"code": 0, "message": "fake Discord crashed; see fake.server_errors"}, 400
            )
        return response

    async def _rest(self, request: web.Request) -> web.StreamResponse:
        path = "/" + request.match_info["tail"]
        body: Any = None
        files: list[str] = []
        if request.content_type.startswith("multipart/"):
            form = await request.post()
            for key, value in form.items():
                if key == "payload_json":
                    body = json.loads(str(value))
                elif hasattr(value, "filename"):
                    files.append(value.filename)
        elif request.can_read_body:
            raw = await request.read()
            if raw:
                try:
                    body = json.loads(raw)
                except ValueError:
                    body = raw.decode(errors="replace")
        api_path = path[len(API_PREFIX) :] if path.startswith(API_PREFIX + "/") else None
        record = RecordedRequest(
            index=len(self.requests),
            method=request.method,
            path=api_path if api_path is not None else path,
            query=dict(request.query),
            json=body,
            route=None,
            files=files,
            authorization=request.headers.get("Authorization"),
        )
        self.requests.append(record)
        try:
            status, response = await self._answer(record, api_path)
        except _ApiError as error:
            status, response = error.status, error.body
        record.status, record.response = status, response
        self._notify()
        if response is None:
            return web.Response(status=204)
        return _json_response(response, status)

    async def _answer(self, record: RecordedRequest, api_path: str | None) -> tuple[int, Any]:
        if api_path is not None:
            for route in self._routes:
                params = route.match(record.method, api_path)
                if params is None:
                    continue
                record.route, record.params = route.name, params
                if route.auth and record.authorization != f"Bot {self.token}":
                    raise _ApiError(401, 0, "401: Unauthorized")
                result = await route.handler(record)
                return (200, result) if result is not None else (204, None)
        raise _ApiError(404, 0, "404: Not Found")

    # -- gateway, users, application

    async def _get_gateway(self, _: RecordedRequest) -> JSON:
        return {"url": self.gateway_url}

    async def _get_gateway_bot(self, _: RecordedRequest) -> JSON:
        return {
            "url": self.gateway_url,
            "shards": self.shard_count,
            "session_start_limit": {
                "total": 1000,
                "remaining": 1000 - self.identify_count,
                "reset_after": 86_400_000,
                "max_concurrency": 1,
            },
        }

    async def _get_me(self, _: RecordedRequest) -> JSON:
        return self.bot_user

    async def _get_user(self, record: RecordedRequest) -> JSON:
        user = self.users.get(_int(record.params["user_id"]))
        if user is None:
            raise _ApiError(404, 10013, "Unknown User")
        return user

    async def _create_dm(self, record: RecordedRequest) -> JSON:
        recipient = _int((record.json or {}).get("recipient_id"))
        if recipient not in self.users:
            raise _invalid([("recipient_id", "Unknown user")])
        return self.dm_channel(recipient)

    async def _get_application(self, _: RecordedRequest) -> JSON:
        return {
            "id": str(self.application_id),
            "name": "stationbot",
            "icon": None,
            "description": "Answers space-station questions with cited sources.",
            "summary": "",
            "type": None,
            "bot_public": True,
            "bot_require_code_grant": False,
            "verify_key": "0" * 64,
            "flags": (1 << 15) | (1 << 19),
            "owner": self.owner,
            "team": None,
            "bot": self.bot_user,
            "rpc_origins": [],
            "redirect_uris": [],
            "interactions_endpoint_url": None,
            "approximate_guild_count": 1,
            "tags": [],
            "integration_types_config": {"0": {}},
        }

    # -- application commands

    def _command_scope(self, record: RecordedRequest) -> dict[tuple[int, str], JSON]:
        if _int(record.params["application_id"]) != self.application_id:
            raise _ApiError(403, 50001, "Missing Access")
        guild_id = record.params.get("guild_id")
        if guild_id is None:
            return self.global_commands
        if _int(guild_id) != self.guild_id:
            raise _ApiError(403, 50001, "Missing Access")
        return self.guild_commands.setdefault(self.guild_id, {})

    def _stored_command(
        self, definition: JSON, scope: Mapping[tuple[int, str], JSON], guild: str | None
    ) -> JSON:
        ctype = definition.get("type", 1)
        old = scope.get((ctype, definition["name"]))
        command = {
            "type": 1,
            "description": "",
            "options": [],
            "default_member_permissions": None,
            "nsfw": False,
            "contexts": None,
            "integration_types": [0],
            **definition,
            "id": old["id"] if old else str(self._ids()),
            "application_id": str(self.application_id),
            "version": str(self._ids()),
        }
        if guild is not None:
            command["guild_id"] = guild
        return command

    async def _get_commands(self, record: RecordedRequest) -> list[JSON]:
        return list(self._command_scope(record).values())

    async def _put_commands(self, record: RecordedRequest) -> list[JSON]:
        scope = self._command_scope(record)
        definitions = record.json
        if not isinstance(definitions, list):
            raise _invalid([("", "expected a list of commands")])
        errors = _check_commands(definitions)
        if errors:
            raise _invalid(errors)
        guild = record.params.get("guild_id")
        new = {
            (d.get("type", 1), d["name"]): self._stored_command(d, scope, guild)
            for d in definitions
        }
        scope.clear()
        scope.update(new)
        return list(new.values())

    async def _post_command(self, record: RecordedRequest) -> JSON:
        scope = self._command_scope(record)
        errors = _check_commands([record.json or {}])
        if errors:
            raise _invalid(errors)
        command = self._stored_command(record.json, scope, record.params.get("guild_id"))
        scope[(command["type"], command["name"])] = command
        return command

    async def _get_command_permissions(self, _: RecordedRequest) -> list[JSON]:
        return []

    # -- guild

    def _check_guild(self, record: RecordedRequest) -> None:
        if _int(record.params["guild_id"]) != self.guild_id:
            raise _ApiError(404, 10004, "Unknown Guild")

    async def _get_guild(self, record: RecordedRequest) -> JSON:
        self._check_guild(record)
        guild = self.guild_payload()
        for key in ("members", "channels", "threads", "presences", "voice_states", "joined_at"):
            guild.pop(key, None)
        return guild

    async def _get_guild_channels(self, record: RecordedRequest) -> list[JSON]:
        self._check_guild(record)
        return [c for c in self.channels.values() if c.get("guild_id") == str(self.guild_id)]

    async def _get_roles(self, record: RecordedRequest) -> list[JSON]:
        self._check_guild(record)
        return list(self.roles.values())

    async def _get_member(self, record: RecordedRequest) -> JSON:
        self._check_guild(record)
        member = self.members.get(_int(record.params["user_id"]))
        if member is None:
            raise _ApiError(404, 10007, "Unknown Member")
        return member

    # -- channels and messages

    def _channel(self, record: RecordedRequest) -> JSON:
        channel = self.channels.get(_int(record.params["channel_id"]))
        if channel is None:
            raise _ApiError(404, 10003, "Unknown Channel")
        return channel

    def _message(self, record: RecordedRequest) -> JSON:
        self._channel(record)
        message = self.messages.get(_int(record.params["message_id"]))
        if message is None or message["channel_id"] != record.params["channel_id"]:
            raise _ApiError(404, 10008, "Unknown Message")
        return message

    async def _get_channel(self, record: RecordedRequest) -> JSON:
        return self._channel(record)

    async def _get_messages(self, record: RecordedRequest) -> list[JSON]:
        channel = self._channel(record)
        limit = int(record.query.get("limit", 50))
        found = [m for m in self.messages.values() if m["channel_id"] == channel["id"]]
        found.sort(key=lambda m: int(m["id"]), reverse=True)
        return found[:limit]

    async def _get_message(self, record: RecordedRequest) -> JSON:
        return self._message(record)

    def _new_message(
        self,
        channel: JSON,
        body: JSON,
        *,
        mtype: int = 0,
        extra: JSON | None = None,
        files: Sequence[str] = (),
    ) -> JSON:
        message: JSON = {
            "id": str(self._ids()),
            "channel_id": channel["id"],
            "author": self.bot_user,
            "content": body.get("content") or "",
            "timestamp": now_iso(),
            "edited_timestamp": None,
            "tts": bool(body.get("tts", False)),
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": [_attachment(self._ids(), name) for name in files],
            "embeds": [_normalised_embed(e) for e in body.get("embeds") or []],
            "pinned": False,
            "type": mtype,
            "flags": int(body.get("flags") or 0),
            "components": body.get("components") or [],
            "sticker_items": [],
        }
        if body.get("nonce") is not None:
            message["nonce"] = body["nonce"]
        if body.get("poll"):
            message["poll"] = body["poll"]
        reference = body.get("message_reference")
        if reference:
            target = self.messages.get(_int(reference.get("message_id")))
            if target is None:
                if reference.get("fail_if_not_exists", True):
                    raise _invalid([("message_reference", "Unknown message")])
            else:
                message["type"] = 19
                message["message_reference"] = {
                    "type": 0,
                    "message_id": target["id"],
                    "channel_id": target["channel_id"],
                    **({"guild_id": channel["guild_id"]} if channel.get("guild_id") else {}),
                }
                message["referenced_message"] = target
        message.update(extra or {})
        self.messages[int(message["id"])] = message
        if "last_message_id" in channel:
            channel["last_message_id"] = message["id"]
        return message

    async def _echo(self, message: JSON) -> None:
        """Send the bot's own new message back over the gateway, as Discord does."""
        if not self.echo_bot_messages or message["flags"] & EPHEMERAL:
            return
        if not any(not s.ended for s in self._sessions):
            return
        event = dict(message)
        channel = self.channels[int(message["channel_id"])]
        if channel.get("guild_id"):
            event["guild_id"] = channel["guild_id"]
            member = self._member_partial(self.bot_user_id)
            if member is not None:
                event["member"] = member
        for session in [s for s in self._sessions if not s.ended]:
            visible = self._visible(session, "MESSAGE_CREATE", event)
            if visible is not None:
                await self._dispatch_to(session, "MESSAGE_CREATE", visible)

    async def _post_message(self, record: RecordedRequest) -> JSON:
        channel = self._channel(record)
        if channel["type"] == 4:
            raise _ApiError(400, 50008, "Cannot send messages in a non-text channel")
        body = record.json if isinstance(record.json, dict) else {}
        errors = _check_message(body, creating=True, files=record.files)
        if errors:
            raise _invalid(errors)
        message = self._new_message(channel, body, files=record.files)
        await self._echo(message)
        return message

    def _edit(self, message: JSON, body: JSON, files: Sequence[str]) -> JSON:
        errors = _check_message(body, creating=False, files=files)
        if errors:
            raise _invalid(errors)
        for key in ("content", "components", "flags"):
            if key in body:
                message[key] = (
                    body[key] if body[key] is not None else ([] if key != "content" else "")
                )
        if "embeds" in body:
            message["embeds"] = [_normalised_embed(e) for e in body["embeds"] or []]
        message["flags"] = int(message.get("flags") or 0) & ~LOADING
        message["edited_timestamp"] = now_iso()
        return message

    async def _patch_message(self, record: RecordedRequest) -> JSON:
        message = self._message(record)
        if int(message["author"]["id"]) != self.bot_user_id:
            raise _ApiError(403, 50005, "Cannot edit a message authored by another user")
        return self._edit(message, record.json or {}, record.files)

    async def _delete_message(self, record: RecordedRequest) -> None:
        message = self._message(record)
        del self.messages[int(message["id"])]

    async def _no_content(self, record: RecordedRequest) -> None:
        self._channel(record)

    async def _reaction(self, record: RecordedRequest) -> None:
        self._message(record)

    # -- interactions

    def _interaction(self, record: RecordedRequest) -> _Interaction:
        state = self.interactions.get(_int(record.params["interaction_id"]))
        if state is None or state.payload["token"] != record.params["token"]:
            raise _ApiError(404, 10062, "Unknown interaction")
        return state

    def _interaction_channel(self, state: _Interaction) -> JSON:
        return self.channels[int(state.payload["channel_id"])]

    def _interaction_message(self, state: _Interaction, body: JSON, mtype: int) -> JSON:
        user = state.payload.get("user") or state.payload["member"]["user"]
        metadata = {
            "id": str(state.id),
            "type": state.type,
            "user": user,
            "authorizing_integration_owners": state.payload["authorizing_integration_owners"],
        }
        extra = {
            "webhook_id": str(self.application_id),
            "application_id": str(self.application_id),
            "interaction_metadata": metadata,
        }
        return self._new_message(self._interaction_channel(state), body, mtype=mtype, extra=extra)

    async def _interaction_callback(self, record: RecordedRequest) -> JSON | None:
        state = self._interaction(record)
        body = record.json if isinstance(record.json, dict) else {}
        ctype = body.get("type")
        if state.response_type is not None:
            raise _ApiError(400, 40060, "Interaction has already been acknowledged.")
        if ctype not in _CALLBACKS_FOR.get(state.type, set()):
            raise _invalid(
                [("type", f"callback type {ctype} is not valid for interaction type {state.type}")]
            )
        data: JSON = body["data"] if isinstance(body.get("data"), dict) else {}
        message: JSON | None = None
        if ctype == CB_AUTOCOMPLETE:
            errors = _check_choices(data.get("choices"))
            if errors:
                raise _invalid(errors)
        elif ctype == CB_MODAL:
            errors = _check_modal(data)
            if errors:
                raise _invalid(errors)
        elif ctype == CB_MESSAGE:
            errors = _check_message(data, creating=True, files=record.files, prefix="data.")
            if errors:
                raise _invalid(errors)
            mtype = 20 if state.type == APPLICATION_COMMAND else 19
            message = self._interaction_message(state, data, mtype)
        elif ctype == CB_DEFERRED_MESSAGE:
            flags = LOADING | (int(data.get("flags") or 0) & EPHEMERAL)
            mtype = 20 if state.type == APPLICATION_COMMAND else 19
            message = self._interaction_message(state, {"flags": flags}, mtype)
        elif ctype == CB_UPDATE:
            message = self._edit(
                self.messages[int(state.payload["message"]["id"])], data, record.files
            )
        state.response_type = ctype
        if ctype in (CB_DEFERRED_UPDATE, CB_UPDATE):
            state.original_message_id = int(state.payload["message"]["id"])
        elif message is not None:
            state.original_message_id = int(message["id"])
        if message is not None and ctype in (CB_MESSAGE,):
            await self._echo(message)
        if ctype in (CB_AUTOCOMPLETE, CB_PONG):
            return None
        response: JSON = {
            "interaction": {
                "id": str(state.id),
                "type": state.type,
                "response_message_id": str(state.original_message_id)
                if state.original_message_id
                else None,
                "response_message_loading": ctype == CB_DEFERRED_MESSAGE,
                "response_message_ephemeral": bool(message and message["flags"] & EPHEMERAL),
            }
        }
        if message is not None:
            response["resource"] = {"type": ctype, "message": message}
        return response

    def _webhook_interaction(self, record: RecordedRequest) -> _Interaction:
        if _int(record.params["application_id"]) != self.application_id:
            raise _ApiError(404, 10015, "Unknown Webhook")
        token = record.params["token"]
        state = next((i for i in self.interactions.values() if i.payload["token"] == token), None)
        if state is None:
            raise _ApiError(404, 10015, "Unknown Webhook")
        if state.response_type is None:
            # Discord only opens the webhook once the interaction has been responded to.
            raise _ApiError(404, 10015, "Unknown Webhook")
        return state

    def _webhook_message(self, record: RecordedRequest) -> tuple[_Interaction, JSON]:
        state = self._webhook_interaction(record)
        raw = record.params["message_id"]
        message_id = state.original_message_id if raw == "@original" else _int(raw)
        allowed = {state.original_message_id, *state.followup_ids}
        message = self.messages.get(message_id or 0)
        if message is None or message_id not in allowed:
            raise _ApiError(404, 10008, "Unknown Message")
        return state, message

    async def _followup(self, record: RecordedRequest) -> JSON | None:
        state = self._webhook_interaction(record)
        body = record.json if isinstance(record.json, dict) else {}
        errors = _check_message(body, creating=True, files=record.files)
        if errors:
            raise _invalid(errors)
        message = self._interaction_message(state, body, 0)
        state.followup_ids.append(int(message["id"]))
        await self._echo(message)
        if record.query.get("wait") in ("1", "true", "True"):
            return message
        return None

    async def _get_webhook_message(self, record: RecordedRequest) -> JSON:
        return self._webhook_message(record)[1]

    async def _patch_webhook_message(self, record: RecordedRequest) -> JSON:
        _, message = self._webhook_message(record)
        return self._edit(message, record.json or {}, record.files)

    async def _delete_webhook_message(self, record: RecordedRequest) -> None:
        _, message = self._webhook_message(record)
        del self.messages[int(message["id"])]


# ------------------------------------------------------------------ validation


def _json_response(body: Any, status: int) -> web.Response:
    # Exactly "application/json", no charset: discord.py only parses JSON on that exact header.
    return web.Response(
        body=json.dumps(body).encode(), status=status, headers={"Content-Type": "application/json"}
    )


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise _ApiError(
            400, 50035, "Invalid Form Body", [("id", "Value is not snowflake.")]
        ) from None


def _attachment(attachment_id: int, filename: str) -> JSON:
    return {
        "id": str(attachment_id),
        "filename": filename,
        "size": 1,
        "url": f"http://127.0.0.1/attachments/{attachment_id}/{filename}",
        "proxy_url": f"http://127.0.0.1/attachments/{attachment_id}/{filename}",
    }


def _normalised_embed(embed: JSON) -> JSON:
    return {"type": "rich", **embed}


def _length(value: Any) -> int:
    return len(value) if isinstance(value, str) else 0


def _check_url(value: Any, path: str, *, images: bool = False) -> list[tuple[str, str]]:
    schemes = ("http://", "https://", "attachment://") if images else ("http://", "https://")
    if value is None or (isinstance(value, str) and value.startswith(schemes)):
        return []
    return [(path, f"Not a well formed URL: {value!r}")]


def _check_embed(embed: Any, path: str) -> tuple[list[tuple[str, str]], int]:
    """Errors in one embed and the characters it counts toward the 6000 total."""
    if not isinstance(embed, dict):
        return [(path, "embed must be an object")], 0
    errors: list[tuple[str, str]] = []
    limits = {"title": 256, "description": 4096}
    total = 0
    for key, limit in limits.items():
        size = _length(embed.get(key))
        total += size
        if size > limit:
            errors.append((f"{path}.{key}", f"Must be {limit} or fewer in length."))
    errors += _check_url(embed.get("url"), f"{path}.url")
    color = embed.get("color")
    if color is not None and not (isinstance(color, int) and 0 <= color <= 0xFFFFFF):
        errors.append((f"{path}.color", "Color must be 0..16777215"))
    fields = embed.get("fields") or []
    if len(fields) > 25:
        errors.append((f"{path}.fields", "Must be 25 or fewer in length."))
    for i, item in enumerate(fields):
        name, value = item.get("name"), item.get("value")
        for key, text, limit in (("name", name, 256), ("value", value, 1024)):
            if not isinstance(text, str) or not text.strip():
                errors.append((f"{path}.fields.{i}.{key}", "This field is required"))
            elif len(text) > limit:
                errors.append((f"{path}.fields.{i}.{key}", f"Must be {limit} or fewer in length."))
        total += _length(name) + _length(value)
    footer = embed.get("footer") or {}
    if _length(footer.get("text")) > 2048:
        errors.append((f"{path}.footer.text", "Must be 2048 or fewer in length."))
    total += _length(footer.get("text"))
    author = embed.get("author") or {}
    if author and _length(author.get("name")) > 256:
        errors.append((f"{path}.author.name", "Must be 256 or fewer in length."))
    if author:
        errors += _check_url(author.get("url"), f"{path}.author.url")
    total += _length(author.get("name"))
    for key in ("image", "thumbnail"):
        if embed.get(key):
            errors += _check_url(embed[key].get("url"), f"{path}.{key}.url", images=True)
    if embed.get("timestamp") is not None:
        try:
            datetime.fromisoformat(embed["timestamp"])
        except (TypeError, ValueError):
            errors.append((f"{path}.timestamp", "Could not parse timestamp."))
    return errors, total


def _check_component(component: Any, path: str, custom_ids: list[str]) -> list[tuple[str, str]]:
    if not isinstance(component, dict):
        return [(path, "component must be an object")]
    errors: list[tuple[str, str]] = []
    ctype = component.get("type")
    if ctype == 2:
        style = component.get("style")
        if style not in (1, 2, 3, 4, 5, 6):
            errors.append((f"{path}.style", f"Invalid button style {style!r}"))
        if style == 5:
            if not component.get("url") or "custom_id" in component:
                errors.append((path, "Link buttons need a url and no custom_id"))
            else:
                errors += _check_url(component["url"], f"{path}.url")
        elif style != 6 and not component.get("custom_id"):
            errors.append((f"{path}.custom_id", "This field is required"))
        if not component.get("label") and not component.get("emoji") and style != 6:
            errors.append((path, "A button needs a label or an emoji"))
        if _length(component.get("label")) > 80:
            errors.append((f"{path}.label", "Must be 80 or fewer in length."))
    elif ctype in (3, 5, 6, 7, 8):
        if not component.get("custom_id"):
            errors.append((f"{path}.custom_id", "This field is required"))
        if ctype == 3:
            options = component.get("options") or []
            if not 1 <= len(options) <= 25:
                errors.append((f"{path}.options", "Must be between 1 and 25 in length."))
            for i, option in enumerate(options):
                for key in ("label", "value"):
                    size = _length(option.get(key))
                    if not 1 <= size <= 100:
                        errors.append((f"{path}.options.{i}.{key}", "Must be 1..100 in length."))
        if _length(component.get("placeholder")) > 150:
            errors.append((f"{path}.placeholder", "Must be 150 or fewer in length."))
    elif ctype not in (1, 4, 9, 10, 11, 12, 13, 14, 17, 18):
        errors.append((f"{path}.type", f"Unknown component type {ctype!r}"))
    custom_id = component.get("custom_id")
    if custom_id is not None:
        if not isinstance(custom_id, str) or not 1 <= len(custom_id) <= 100:
            errors.append((f"{path}.custom_id", "Must be between 1 and 100 in length."))
        custom_ids.append(str(custom_id))
    for i, child in enumerate(component.get("components") or []):
        errors += _check_component(child, f"{path}.components.{i}", custom_ids)
    return errors


def _check_components(components: Any, prefix: str, v2: bool) -> list[tuple[str, str]]:
    if not isinstance(components, list):
        return [(f"{prefix}components", "must be a list")]
    errors: list[tuple[str, str]] = []
    if not v2 and len(components) > 5:
        errors.append((f"{prefix}components", "Must be 5 or fewer in length."))
    custom_ids: list[str] = []
    for i, row in enumerate(components):
        path = f"{prefix}components.{i}"
        if not v2:
            if not isinstance(row, dict) or row.get("type") != 1:
                errors.append((path, "Top-level components must be action rows (type 1)"))
                continue
            children = row.get("components") or []
            if not 1 <= len(children) <= 5:
                errors.append((f"{path}.components", "Must be between 1 and 5 in length."))
            if any(c.get("type") != 2 for c in children) and len(children) > 1:
                errors.append((f"{path}.components", "A select menu must be alone in its row"))
        errors += _check_component(row, path, custom_ids)
    duplicates = sorted({c for c in custom_ids if custom_ids.count(c) > 1})
    if duplicates:
        errors.append(
            (f"{prefix}components", f"Component custom id cannot be duplicated: {duplicates}")
        )
    return errors


def _check_allowed_mentions(value: Any, prefix: str) -> list[tuple[str, str]]:
    if value is None:
        return []
    if not isinstance(value, dict):
        return [(f"{prefix}allowed_mentions", "must be an object")]
    errors: list[tuple[str, str]] = []
    parse = value.get("parse", [])
    if any(p not in ("users", "roles", "everyone") for p in parse):
        errors.append((f"{prefix}allowed_mentions.parse", f"Invalid values {parse}"))
    for kind in ("users", "roles"):
        if kind in parse and value.get(kind):
            errors.append(
                (
                    f"{prefix}allowed_mentions",
                    f"parse:[{kind}] and {kind}: [ids] are mutually exclusive.",
                )
            )
        if len(value.get(kind) or []) > 100:
            errors.append((f"{prefix}allowed_mentions.{kind}", "Must be 100 or fewer in length."))
    return errors


def _check_message(
    body: JSON, *, creating: bool, files: Sequence[str] = (), prefix: str = ""
) -> list[tuple[str, str]]:
    """What Discord would reject in a message create/edit body, as (path, message) pairs."""
    errors: list[tuple[str, str]] = []
    content = body.get("content")
    if content is not None and not isinstance(content, str):
        errors.append((f"{prefix}content", "Must be a string"))
    elif _length(content) > 2000:
        errors.append((f"{prefix}content", "Must be 2000 or fewer in length."))
    embeds = body.get("embeds") or []
    if len(embeds) > 10:
        errors.append((f"{prefix}embeds", "Must be 10 or fewer in length."))
    total = 0
    for i, embed in enumerate(embeds):
        found, size = _check_embed(embed, f"{prefix}embeds.{i}")
        errors += found
        total += size
    if total > 6000:
        errors.append((f"{prefix}embeds", "Embed size exceeds maximum size of 6000"))
    v2 = bool(int(body.get("flags") or 0) & COMPONENTS_V2)
    if body.get("components") is not None:
        errors += _check_components(body["components"], prefix, v2)
    errors += _check_allowed_mentions(body.get("allowed_mentions"), prefix)
    has_something = bool(
        content
        or embeds
        or body.get("components")
        or files
        or body.get("sticker_ids")
        or body.get("poll")
    )
    if creating and not has_something:
        errors.append((f"{prefix}content", "Cannot send an empty message"))
    return errors


def _check_choices(choices: Any) -> list[tuple[str, str]]:
    if not isinstance(choices, list):
        return [("data.choices", "This field is required")]
    errors: list[tuple[str, str]] = []
    if len(choices) > 25:
        errors.append(("data.choices", "Must be 25 or fewer in length."))
    for i, choice in enumerate(choices):
        name, value = choice.get("name"), choice.get("value")
        if not isinstance(name, str) or not 1 <= len(name) <= 100:
            errors.append((f"data.choices.{i}.name", "Must be between 1 and 100 in length."))
        if isinstance(value, str):
            if len(value) > 100:
                errors.append((f"data.choices.{i}.value", "Must be 100 or fewer in length."))
        elif not isinstance(value, int | float) or isinstance(value, bool):
            errors.append((f"data.choices.{i}.value", "Must be a string or a number."))
    return errors


def _check_modal(data: JSON) -> list[tuple[str, str]]:
    errors: list[tuple[str, str]] = []
    if not 1 <= _length(data.get("custom_id")) <= 100:
        errors.append(("data.custom_id", "Must be between 1 and 100 in length."))
    if not 1 <= _length(data.get("title")) <= 45:
        errors.append(("data.title", "Must be between 1 and 45 in length."))
    if not 1 <= len(data.get("components") or []) <= 5:
        errors.append(("data.components", "Must be between 1 and 5 in length."))
    return errors


def _check_options(options: Sequence[JSON], path: str, depth: int) -> list[tuple[str, str]]:
    errors: list[tuple[str, str]] = []
    if len(options) > 25:
        errors.append((path, "Must be 25 or fewer in length."))
    seen_optional = False
    names: set[str] = set()
    for i, option in enumerate(options):
        where = f"{path}.{i}"
        name = option.get("name", "")
        if not isinstance(name, str) or not _COMMAND_NAME.match(name) or name != name.lower():
            errors.append((f"{where}.name", f"Invalid option name {name!r}"))
        if name in names:
            errors.append((f"{where}.name", "Option names must be unique"))
        names.add(name)
        if not 1 <= _length(option.get("description")) <= 100:
            errors.append((f"{where}.description", "Must be between 1 and 100 in length."))
        otype = option.get("type")
        if otype not in range(1, 12):
            errors.append((f"{where}.type", f"Invalid option type {otype!r}"))
        if otype in (1, 2):
            if depth >= 2 or (otype == 2 and depth >= 1):
                errors.append((where, "Subcommands nested too deeply"))
            errors += _check_options(option.get("options") or [], f"{where}.options", depth + 1)
            continue
        if option.get("required"):
            if seen_optional:
                errors.append(
                    (where, "Required options must be placed before non-required options")
                )
        else:
            seen_optional = True
        choices = option.get("choices") or []
        if len(choices) > 25:
            errors.append((f"{where}.choices", "Must be 25 or fewer in length."))
        if choices and option.get("autocomplete"):
            errors.append((where, "Autocomplete and choices are mutually exclusive"))
        for j, choice in enumerate(choices):
            if not 1 <= _length(choice.get("name")) <= 100:
                errors.append((f"{where}.choices.{j}.name", "Must be between 1 and 100 in length."))
    return errors


def _check_commands(definitions: Sequence[Any]) -> list[tuple[str, str]]:
    """What Discord would reject in a bulk overwrite of application commands."""
    errors: list[tuple[str, str]] = []
    if len(definitions) > 100:
        errors.append(("", "Must be 100 or fewer in length."))
    seen: set[tuple[int, str]] = set()
    for i, command in enumerate(definitions):
        if not isinstance(command, dict):
            errors.append((str(i), "command must be an object"))
            continue
        ctype = command.get("type", 1)
        name = command.get("name", "")
        if (ctype, name) in seen:
            errors.append((f"{i}.name", "Application command names must be unique"))
        seen.add((ctype, name))
        if ctype == 1:
            if not isinstance(name, str) or not _COMMAND_NAME.match(name) or name != name.lower():
                errors.append((f"{i}.name", f"Invalid command name {name!r}"))
            if not 1 <= _length(command.get("description")) <= 100:
                errors.append((f"{i}.description", "Must be between 1 and 100 in length."))
            errors += _check_options(command.get("options") or [], f"{i}.options", 0)
        elif not 1 <= _length(name) <= 32:
            errors.append((f"{i}.name", "Must be between 1 and 32 in length."))
    return errors
