"""The ``stationbot`` command line: ask, chat, check, facts, subjects, eval, train, bench,
schema, gaps, quiz, where, passes, elements, run."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from bot import __version__
from bot.engine import Answer, Engine, Entry, KnowledgeError, StationbotError, load_knowledge
from bot.engine.cache import default_cache_dir, load_engine
from bot.engine.crew import crew_summary, load_crews
from bot.engine.gaps import find_gaps, source_totals
from bot.engine.loader import default_knowledge_dir
from bot.wording import (
    about_line,
    confidence_text,
    format_date,
    not_sure_line,
    record_lines,
    source_line,
    subject_lines,
)

KNOWLEDGE_ENV = "STATIONBOT_KNOWLEDGE"
CACHE_ENV = "STATIONBOT_CACHE_DIR"
EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the process exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        code: int = args.handler(args)
        return code
    except KnowledgeError as exc:
        print(exc, file=sys.stderr)
        return EXIT_INVALID
    except StationbotError as exc:
        print(f"stationbot: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK


def knowledge_path(args: argparse.Namespace) -> Path:
    """The knowledge location: --knowledge, else $STATIONBOT_KNOWLEDGE, else the shipped one."""
    chosen = getattr(args, "knowledge", None) or os.environ.get(KNOWLEDGE_ENV)
    return Path(chosen) if chosen else default_knowledge_dir()


def _engine(args: argparse.Namespace) -> Engine:
    return Engine(load_knowledge(knowledge_path(args)))


def cache_dir() -> Path | None:
    """Where ``ask`` and ``chat`` keep the built engine: $STATIONBOT_CACHE_DIR ("off": nowhere),
    else ``~/.cache/stationbot``."""
    chosen = os.environ.get(CACHE_ENV, "").strip()
    if chosen.lower() == "off":
        return None
    return Path(chosen) if chosen else default_cache_dir()


def _cached_engine(args: argparse.Namespace) -> Engine:
    return load_engine(knowledge_path(args), cache_dir())


# -- commands ---------------------------------------------------------------------------------


def _cmd_ask(args: argparse.Namespace) -> int:
    engine = _cached_engine(args)
    if args.question:
        question = " ".join(args.question)
        live = _live(args, question)
        if live is not None:
            print(json.dumps(live[1], ensure_ascii=False) if args.json else live[0])
            return EXIT_OK
        answer = engine.ask(question)
        shown = json.dumps(answer.to_dict(), ensure_ascii=False) if args.json else None
        print(shown or _text(answer, engine))
        return EXIT_OK
    for line in sys.stdin:
        question = line.rstrip("\r\n")
        live = _live(args, question)
        if live is not None:
            shown = json.dumps(live[1], ensure_ascii=False) if args.json else live[0] + "\n"
            print(shown, flush=True)
            continue
        answer = engine.ask(question)
        if args.json:
            print(json.dumps(answer.to_dict(), ensure_ascii=False), flush=True)
        else:
            print(_text(answer, engine) + "\n", flush=True)
    return EXIT_OK


def _live(args: argparse.Namespace, question: str) -> tuple[str, dict[str, object]] | None:
    """Where a station is now, or who is aboard: answered from the orbital elements and the
    crew list, before the knowledge is asked (as the bot does)."""
    from bot.orbit.asks import crew_question, where_question  # light: no skyfield

    if where_question(question) is None and crew_question(question) is None:
        return None
    from bot.orbit_cli import live_reply

    return live_reply(question, cache_dir(), knowledge_path(args))


def _cmd_chat(args: argparse.Namespace) -> int:
    engine = _cached_engine(args)
    print(f"stationbot {__version__} — {len(engine.entries)} entries. Ask away; 'quit' to leave.")
    context: Entry | None = None
    while True:
        try:
            line = input("you> ")
        except EOFError:
            print()
            return EXIT_OK
        if line.strip().lower() in {"quit", "exit", ":q"}:
            return EXIT_OK
        if not line.strip():
            continue
        live = _live(args, line)
        if live is not None:
            print(live[0] + "\n")
            continue
        answer = engine.ask(line, context=context)
        if answer.answered:
            context = answer.entry
        print(_text(answer, engine) + "\n")


def _cmd_check(args: argparse.Namespace) -> int:
    path = Path(args.path) if args.path else knowledge_path(args)
    knowledge = load_knowledge(path)
    records = sum(1 for e in knowledge.entries if e.record)
    subjects = sum(1 for e in knowledge.entries if e.subject)
    sources = {s.url for e in knowledge.entries for s in e.sources}
    crews, crew_issues = load_crews(path)
    if crew_issues:
        for issue in crew_issues:
            print(issue)
        print(f"{len(crew_issues)} problem(s) in the crew list", file=sys.stderr)
        return EXIT_INVALID
    print(
        f"ok: {len(knowledge.entries)} entries ({records} records, {subjects} subjects) in "
        f"{len(knowledge.files)} files, {len(sources)} distinct sources; {crew_summary(crews)}"
    )
    return EXIT_OK


def _cmd_facts(args: argparse.Namespace) -> int:
    knowledge = load_knowledge(knowledge_path(args))
    if args.json:
        print(json.dumps([e.to_dict() for e in knowledge.entries], ensure_ascii=False, indent=1))
    else:
        for entry in knowledge.entries:
            print(f"{entry.id:40} {entry.kind:7} {entry.topic:18} {entry.questions[0]}")
    return EXIT_OK


def _cmd_subjects(args: argparse.Namespace) -> int:
    engine = _cached_engine(args)
    subjects = engine.subjects
    if args.json:
        listed = [
            {**s.to_dict(), "about": [e.id for e in subjects.about(s.id)]} for s in subjects.all
        ]
        print(json.dumps(listed, ensure_ascii=False, indent=1))
        return EXIT_OK
    for subject in subjects.all:
        assert subject.subject is not None
        about = subjects.about(subject.id)
        records = sum(1 for e in about if e.record is not None)
        print(
            f"{subject.id:24} {subject.subject.type:8} {subject.subject.name:28} "
            f"{len(about):3} entries ({records} records)"
        )
    print(f"{len(subjects)} subjects")
    return EXIT_OK


def _cmd_quiz(args: argparse.Namespace) -> int:
    import random

    from bot.quiz.bank import QuestionBank

    engine = _cached_engine(args)
    bank = QuestionBank(engine.entries)
    if args.counts:
        counts = bank.counts()
        if args.json:
            print(json.dumps({"playable": len(bank.playable), **counts}, indent=1))
            return EXIT_OK
        print(f"{len(bank.playable)} playable questions")
        for name, values in counts.items():
            print(f"  by {name}: " + ", ".join(f"{k} {v}" for k, v in values.items()))
        return EXIT_OK
    if args.topic is not None and args.topic not in bank.topics:
        raise StationbotError(f"no quiz topic {args.topic!r}; topics: {', '.join(bank.topics)}")
    subject = None
    if args.subject is not None:
        found = engine.subjects.find(args.subject)
        if found is None or found.id not in bank.subjects():
            raise StationbotError(
                f"no quiz questions about {args.subject!r}; see `stationbot subjects`"
            )
        subject = found.id
    questions = bank.draw(
        args.count,
        args.topic,
        random.Random(args.seed),
        subject=subject,
        difficulty=args.difficulty,
    )
    if args.json:
        for question in questions:
            print(
                json.dumps(
                    {
                        "key": question.key,
                        "entry_id": question.entry_id,
                        "topic": question.topic,
                        "difficulty": question.difficulty,
                        "authored": question.authored,
                        "prompt": question.prompt,
                        "choices": list(question.choices),
                        "answer": question.answer,
                        "correct": question.correct,
                    },
                    ensure_ascii=False,
                )
            )
        return EXIT_OK
    for number, question in enumerate(questions, start=1):
        made = "authored" if question.authored else "generated"
        print(f"{number}. {question.prompt}  [{question.topic}, {question.difficulty}, {made}]")
        for index, choice in enumerate(question.choices):
            mark = "*" if index == question.correct else " "
            print(f"   {mark} {'ABCD'[index]}. {choice}")
    if not questions:
        print("no quiz questions for that choice")
    return EXIT_OK


def _cmd_eval(args: argparse.Namespace) -> int:
    # (the measuring tools are read only by the commands that use them: `ask` starts sooner)
    from bot.measure.evaluate import after_answer, default_question_files, evaluate, load_questions
    from bot.measure.typos import typo_questions

    engine = _engine(args)
    if args.typos:
        if args.files or args.after_answer:
            raise StationbotError(
                "--typos makes its own questions: give no question files and no --after-answer"
            )
        questions = typo_questions(engine)
    else:
        files = [Path(f) for f in args.files] or default_question_files()
        if not files:
            raise StationbotError("no question files given and none found in tests/golden/")
        questions = load_questions(files)
        if args.after_answer:
            questions = after_answer(questions)
    report = evaluate(engine, questions)
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=1))
    else:
        print(f"questions: {report.total}  accuracy: {report.accuracy:.1%}")
        refused = (
            f"must-refuse answered: {report.out_of_domain_answered:.1%}"
            if report.refusal_set
            else "no must-refuse questions"
        )
        print(f"{refused}  in-domain wrong answers: {report.wrong_answer_rate:.1%}")
        for name, (ok, n) in sorted(report.by_category.items()):
            print(f"  {name:15} {ok:4}/{n:<4} {ok / n:6.1%}")
        if report.misses and not args.quiet:
            print("misses:")
            for o in report.misses:
                print(
                    f"  [{o.question.category}] {o.question.q!r} expect={list(o.question.expect)} "
                    f"got={o.fact_id} score={o.score:.0f} ({o.question.origin})"
                )
    if args.min_accuracy is not None and report.accuracy < args.min_accuracy:
        return EXIT_INVALID
    return EXIT_OK


def _cmd_train(args: argparse.Namespace) -> int:
    from bot.engine.confidence import DECISION_FEATURES, DEFAULT_MODEL, ConfidenceModel
    from bot.measure.evaluate import default_question_files, load_questions
    from bot.measure.training import cross_validate, examples, fit

    files = [Path(f) for f in args.files] or default_question_files()
    if not files:
        raise StationbotError("no question files given and none found in tests/golden/")
    # the figures do not depend on the model: a neutral one spares reading the shipped file,
    # which may be the very file being replaced
    neutral = ConfidenceModel((0.0,) * len(DECISION_FEATURES), 0.0)
    engine = Engine(load_knowledge(knowledge_path(args)), confidence=neutral)
    cases = examples(engine, load_questions(files))
    try:
        model = fit(cases)
        checked = cross_validate(cases, folds=args.folds)
    except ValueError as exc:
        raise StationbotError(f"cannot fit a model on {len(cases)} example(s): {exc}") from exc
    out = None if args.dry_run else Path(args.output) if args.output else DEFAULT_MODEL
    if out is not None:  # written before anything is printed: a closed pipe cannot lose it
        names = ", ".join(f.name for f in files)
        try:
            out.write_text(model.to_json(f"stationbot train on {len(cases)} questions of {names}"))
        except OSError as exc:
            raise StationbotError(f"cannot write {out}: {exc.strerror or exc}") from exc
    right = sum(c.right for c in cases)
    refuse = sum(c.must_refuse for c in cases)
    print(
        f"examples: {len(cases)} questions asked without context "
        f"({right} with the right entry on top, {refuse} to be refused)"
    )
    print(
        f"cross-validated ({args.folds} folds): {checked.accuracy:.1%} decided right, "
        f"{checked.wrong_answers} answered wrongly"
    )
    for name, weight in zip(DECISION_FEATURES, model.weights, strict=True):
        print(f"  {name:20} {weight:+8.3f}")
    print(f"  {'(bias)':20} {model.bias:+8.3f}")
    if out is not None:
        print(f"wrote {out}")
    return EXIT_OK


def _cmd_bench(args: argparse.Namespace) -> int:
    if args.live:
        from bot.measure.live_bench import run_live_bench

        return run_live_bench(as_json=args.json)
    if args.cold:
        from bot.measure.cold_bench import run_cold_bench

        return run_cold_bench(knowledge_path(args), as_json=args.json)
    from bot.measure.bench import run_bench

    return run_bench(knowledge_path(args), sizes=args.sizes, as_json=args.json)


def _cmd_schema(args: argparse.Namespace) -> int:
    from bot.engine.schema import json_schema  # pydantic: imported only by the commands using it

    text = json.dumps(json_schema(), indent=2) + "\n"
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
        print(f"wrote {args.output}")
    else:
        sys.stdout.write(text)
    return EXIT_OK


def _cmd_gaps(args: argparse.Namespace) -> int:
    knowledge = load_knowledge(knowledge_path(args))
    gaps = find_gaps(knowledge.entries)
    for gap in gaps:
        print(f"{gap.entry_id}: {gap.problem}")
    print(f"{len(gaps)} gap(s) in {len(knowledge.entries)} entries")
    for line in source_totals(knowledge.entries).lines():
        print(line)
    if getattr(args, "unanswered", False):
        from bot.storage.report import print_unanswered

        return print_unanswered(limit=args.limit)
    return EXIT_OK


def _cmd_where(args: argparse.Namespace) -> int:
    from bot.orbit_cli import cmd_where

    return cmd_where(args, cache_dir())


def _cmd_passes(args: argparse.Namespace) -> int:
    from bot.orbit_cli import cmd_passes

    return cmd_passes(args, cache_dir())


def _cmd_elements(args: argparse.Namespace) -> int:
    from bot.orbit_cli import cmd_elements

    return cmd_elements(args, cache_dir())


def _cmd_run(args: argparse.Namespace) -> int:
    from bot.launcher import run_bot

    return run_bot(knowledge=getattr(args, "knowledge", None))


# -- output -----------------------------------------------------------------------------------


def _text(answer: Answer, engine: Engine) -> str:
    if answer.answered and answer.entry is not None:
        lines = [answer.entry.answer, ""]
        lines += record_lines(answer.entry)
        lines += subject_lines(answer.entry, engine.subjects.about(answer.entry.id))
        about = (
            about_line(engine.subjects.of(answer.entry)) if answer.entry.subject is None else None
        )
        if about is not None:
            lines.append(about)
        if answer.entry.record is None and answer.entry.as_of:
            lines.append(f"As of: {format_date(answer.entry.as_of)}")
        lines.append("Sources:")
        lines += [f"  - {source_line(s)}" for s in answer.citations]
        follow_up = ", follow-up" if answer.used_context else ""
        lines.append(f"[{answer.entry.id}, {confidence_text(answer)}{follow_up}]")
        return "\n".join(lines)
    if not answer.question.strip():
        return "Ask me something about space stations."
    lines = [not_sure_line(answer)]
    if answer.suggestions:
        lines.append("Did you mean:")
        lines += [f"  - {s.question}" for s in answer.suggestions]
    return "\n".join(lines)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="stationbot", description="Answers space-station questions with cited sources."
    )
    parser.add_argument("--version", action="version", version=f"stationbot {__version__}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--knowledge",
        metavar="PATH",
        help=f"knowledge dir or file (default: ${KNOWLEDGE_ENV} or the shipped knowledge)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("ask", parents=[common], help="answer one question (or stdin lines)")
    p.add_argument("question", nargs="*", help="the question; none: one per line from stdin")
    p.add_argument("--json", action="store_true", help="print one JSON object per question")
    p.set_defaults(handler=_cmd_ask)

    p = sub.add_parser("chat", parents=[common], help="interactive console with follow-ups")
    p.set_defaults(handler=_cmd_chat)

    p = sub.add_parser("check", parents=[common], help="validate the knowledge base")
    p.add_argument("path", nargs="?", help="knowledge dir or file (default: --knowledge)")
    p.set_defaults(handler=_cmd_check)

    p = sub.add_parser("facts", parents=[common], help="list every entry")
    p.add_argument("--json", action="store_true", help="as a JSON array")
    p.set_defaults(handler=_cmd_facts)

    p = sub.add_parser("subjects", parents=[common], help="list the subjects and their entries")
    p.add_argument("--json", action="store_true", help="as a JSON array (with each one's entries)")
    p.set_defaults(handler=_cmd_subjects)

    p = sub.add_parser("quiz", parents=[common], help="print quiz questions with their choices")
    p.add_argument("--topic", help="only this topic (see the topics in --counts)")
    p.add_argument("--subject", help="only questions about this subject (a name or id)")
    p.add_argument("--difficulty", choices=["easy", "medium", "hard"], help="only this level")
    p.add_argument("--count", type=int, default=10, help="how many questions (default 10)")
    p.add_argument("--seed", type=int, help="draw the same questions every time")
    p.add_argument("--json", action="store_true", help="one JSON object per question")
    p.add_argument(
        "--counts", action="store_true", help="instead: how many questions, by topic and more"
    )
    p.set_defaults(handler=_cmd_quiz)

    p = sub.add_parser("eval", parents=[common], help="accuracy on a question set")
    p.add_argument("files", nargs="*", help="JSON-lines files (default: tests/golden/*.jsonl)")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument("--quiet", action="store_true", help="do not list the misses")
    p.add_argument("--min-accuracy", type=float, help="exit 1 below this accuracy (0-1)")
    p.add_argument(
        "--typos",
        action="store_true",
        help="instead: the knowledge's own questions with one word mistyped at random",
    )
    p.add_argument(
        "--after-answer",
        action="store_true",
        help="ask each question without context right after an earlier answer about something "
        "else (the latest in its file)",
    )
    p.set_defaults(handler=_cmd_eval)

    p = sub.add_parser("train", parents=[common], help="fit the model that decides when to answer")
    p.add_argument("files", nargs="*", help="JSON-lines files (default: tests/golden/*.jsonl)")
    p.add_argument("--folds", type=int, default=5, help="cross-validation folds (default 5)")
    p.add_argument("-o", "--output", help="model file to write (default: the shipped model)")
    p.add_argument("--dry-run", action="store_true", help="measure and fit, write nothing")
    p.set_defaults(handler=_cmd_train)

    p = sub.add_parser("bench", parents=[common], help="latency, memory and load time")
    p.add_argument(
        "--sizes",
        type=int,
        nargs="+",
        default=[1_000, 10_000, 100_000],
        help="entry counts to measure (real entries plus synthetic distractors)",
    )
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    p.add_argument(
        "--live", action="store_true", help="instead: what /where and /passes cost to compute"
    )
    p.add_argument(
        "--cold",
        action="store_true",
        help="instead: `ask` from a cold start, engine cached, against `import discord`",
    )
    p.set_defaults(handler=_cmd_bench)

    p = sub.add_parser("schema", help="write the JSON Schema of knowledge files")
    p.add_argument("-o", "--output", help="file to write (default: stdout)")
    p.set_defaults(handler=_cmd_schema)

    p = sub.add_parser("gaps", parents=[common], help="entries worth improving")
    p.add_argument(
        "--unanswered",
        action="store_true",
        help="also list questions the bot could not answer (from the bot's database)",
    )
    p.add_argument("--limit", type=int, default=50, help="how many unanswered questions")
    p.set_defaults(handler=_cmd_gaps)

    p = sub.add_parser("where", help="where a station is now, from its orbital elements")
    p.add_argument("station", nargs="?", default="ISS", help="ISS (default) or Tiangong")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--offline", action="store_true", help="never fetch: cached or shipped elements")
    p.add_argument("--map", metavar="FILE", help="also draw the map and ground track (PNG)")
    p.add_argument("--at", metavar="TIME", help="another moment (ISO 8601; UTC when no zone)")
    p.set_defaults(handler=_cmd_where)

    p = sub.add_parser("passes", help="when a station can be seen from a place")
    p.add_argument("place", nargs="*", help="a city, e.g. Lisbon or 'Paris, FR'")
    p.add_argument("--lat", type=float, help="latitude instead of a city (north positive)")
    p.add_argument("--lon", type=float, help="longitude instead of a city (east positive)")
    p.add_argument("--station", default="ISS", help="ISS (default) or Tiangong")
    p.add_argument(
        "--days",
        type=int,
        default=7,
        choices=range(1, 11),
        metavar="1-10",
        help="how many days ahead (default 7)",
    )
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--offline", action="store_true", help="never fetch: cached or shipped elements")
    p.add_argument("--at", metavar="TIME", help="start at another moment (ISO 8601)")
    p.set_defaults(handler=_cmd_passes)

    p = sub.add_parser("elements", help="the orbital elements at hand, or fetch them now")
    p.add_argument("action", nargs="?", choices=["show", "refresh"], default="show")
    p.add_argument(
        "--ship", action="store_true", help="refresh: also write them as the shipped set"
    )
    p.set_defaults(handler=_cmd_elements)

    p = sub.add_parser("run", parents=[common], help="start the Discord bot (needs DISCORD_TOKEN)")
    p.set_defaults(handler=_cmd_run)
    return parser
