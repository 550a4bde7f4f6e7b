"""Domain synonyms: everyday and slang words folded into the word the knowledge uses.

Both questions and knowledge pass through the same folding, so "blast off", "lift-off" and
"launched" all meet at "launch". Keep groups to true synonyms in this domain; a word that means
different things in different questions does not belong here.
"""

from __future__ import annotations

#: Multi-word phrases (after lower-casing and number folding) and the word they stand for.
PHRASES: dict[tuple[str, ...], tuple[str, ...]] = {
    ("blast", "off"): ("launch",),
    ("blasted", "off"): ("launch",),
    ("lift", "off"): ("launch",),
    ("lifted", "off"): ("launch",),
    ("take", "off"): ("launch",),
    ("took", "off"): ("launch",),
    ("touch", "down"): ("land",),
    ("touched", "down"): ("land",),
    ("come", "back"): ("land",),
    ("came", "back"): ("land",),
    ("coming", "back"): ("land",),
    ("get", "back"): ("land",),
    ("got", "back"): ("land",),
    ("come", "home"): ("land",),
    ("came", "home"): ("land",),
    ("fly", "home"): ("land",),
    ("flew", "home"): ("land",),
    ("back", "to", "earth"): ("land",),
    ("work", "out"): ("exercise",),
    ("working", "out"): ("exercise",),
    ("go", "around"): ("orbit",),
    ("goes", "around"): ("orbit",),
    ("go", "round"): ("orbit",),
    ("goes", "round"): ("orbit",),
    ("in", "charge"): ("command",),
    ("bring", "down"): ("deorbit",),
    ("brought", "down"): ("deorbit",),
    ("de", "orbit"): ("deorbit",),
    ("year", "long"): ("year",),
    ("kick", "off"): ("launch",),
    ("kicked", "off"): ("launch",),
    ("burn", "up"): ("reenter",),
    ("burned", "up"): ("reenter",),
    ("burnt", "up"): ("reenter",),
    ("fall", "back"): ("reenter",),
    ("fell", "back"): ("reenter",),
    ("how", "old"): ("age",),
    ("years", "old"): ("age",),
    ("year", "old"): ("age",),
    ("12", "months"): ("year",),
    ("12", "month"): ("year",),
    ("re", "enter"): ("reenter",),
    ("re", "entered"): ("reenter",),
    ("re", "entering"): ("reenter",),
    ("re", "enters"): ("reenter",),
    ("re", "entry"): ("reenter",),
    ("back", "to", "life"): ("revive",),
    ("end", "to", "end"): ("length",),
    ("tip", "to", "tip"): ("length",),
    ("all", "female"): ("allfemale",),
    ("all", "woman"): ("allfemale",),
    ("all", "women"): ("allfemale",),
    ("all", "girl"): ("allfemale",),
    ("only", "women"): ("allfemale",),
    ("only", "woman"): ("allfemale",),
    ("women", "only"): ("allfemale",),
}

#: A trip, a flight or going to or into space is a spaceflight ("the first woman to go to space").
PHRASES.update(
    {
        (word, preposition, "space"): ("spaceflight",)
        for word in """
            trip trips flight flights go goes going gone went been fly flies flew flown
            """.split()
        for preposition in ("to", "into")
    }
)

#: Single words and the word they fold into.
WORDS: dict[str, str] = {
    # launching and landing
    "touchdown": "land", "landed": "land", "landing": "land", "landings": "land",
    "return": "land", "returned": "land", "returning": "land", "returns": "land",
    "reentry": "reenter", "reentered": "reenter",
    # money
    "price": "cost", "priced": "cost", "bill": "cost", "expensive": "cost", "money": "cost",
    "pay": "cost", "paid": "cost", "paying": "cost",
    "budget": "cost", "costs": "cost", "costing": "cost",
    # speed, size, mass, altitude
    "tons": "ton", "tonnes": "ton", "tonne": "ton",
    "heavy": "mass", "heavier": "mass", "weigh": "mass", "weighs": "mass", "weight": "mass",
    "high": "altitude", "higher": "altitude", "height": "altitude", "elevation": "altitude",
    "big": "size", "large": "size", "huge": "size", "bigger": "size", "biggest": "largest",
    "dimensions": "size",
    # daily life
    "gym": "exercise", "workout": "exercise", "workouts": "exercise", "exercising": "exercise",
    "fitness": "exercise",
    "poop": "toilet", "poo": "toilet", "bathroom": "toilet", "bathrooms": "toilet",
    "loo": "toilet", "potty": "toilet", "restroom": "toilet", "lavatory": "toilet",
    "bed": "sleep", "beds": "sleep", "nap": "sleep", "asleep": "sleep", "sleeping": "sleep",
    "slept": "sleep",
    # occupation and crew
    "people": "people",
    "women": "woman", "female": "woman", "lady": "woman", "ladies": "woman",
    "commander": "command", "captain": "command", "skipper": "command", "boss": "command",
    "older": "age", "aged": "age",
    # vehicles and parts
    "capsule": "spacecraft", "capsules": "spacecraft", "spaceship": "spacecraft",
    "spaceships": "spacecraft", "craft": "spacecraft", "vessel": "spacecraft",
    "booster": "rocket", "launcher": "rocket", "launchers": "rocket",
    "piece": "module", "pieces": "module", "chunk": "module", "chunks": "module",
    "section": "module", "segment": "module", "component": "module",
    "outpost": "station", "spacestation": "station",
    # the sky and the Earth
    "planet": "earth", "globe": "earth",
    "lap": "orbit", "laps": "orbit", "revolution": "orbit", "revolutions": "orbit",
    "circle": "orbit", "circles": "orbit", "orbits": "orbit", "orbited": "orbit",
    "orbiting": "orbit",
    "picture": "photo", "pictures": "photo", "pic": "photo", "pics": "photo",
    "photograph": "photo", "photographs": "photo", "snaps": "photo", "image": "photo",
    "images": "photo", "foto": "photo", "fotos": "photo",
    # science and endings
    "study": "experiment", "studies": "experiment", "investigation": "experiment",
    "investigations": "experiment", "experiments": "experiment", "science": "experiment",
    "scientific": "experiment", "research": "experiment",
    "decommission": "retire", "decommissioned": "retire", "decommissioning": "retire",
    "retirement": "retire", "retired": "retire", "scrap": "retire", "scrapped": "retire",
    "twins": "twin", "brother": "twin",
    "nations": "country", "nation": "country", "countries": "country",
    # journeys, people, places
    "trip": "flight", "trips": "flight", "journey": "flight", "journeys": "flight",
    "human": "people", "humans": "people", "person": "people", "persons": "people",
    "balloon": "inflatable", "blowup": "inflatable", "expandable": "inflatable",
    "inflated": "inflatable",
    "wrong": "mishap", "problem": "mishap", "problems": "mishap", "malfunction": "mishap",
    "malfunctions": "mishap", "incident": "mishap", "incidents": "mishap", "accident": "mishap",
    "accidents": "mishap", "mishaps": "mishap",
    "sea": "ocean", "seas": "ocean",
    "unplug": "undock", "unplugged": "undock", "detach": "undock", "detached": "undock",
    "cardio": "exercise",
    "passenger": "people", "passengers": "people",
    "orbiter": "shuttle", "orbiters": "shuttle",
    "freighter": "cargo", "freighters": "cargo",
}  # fmt: skip

#: "Spend" is money ("how much did NASA spend on the ISS?") unless the sentence spends time
#: ("how many days did he spend in orbit?"): these words, or "in space", "in orbit", "up there".
SPEND: frozenset[str] = frozenset("spend spent spending spends".split())
SPENT_TIME: frozenset[str] = frozenset(
    """
    day days year years month months week weeks hour hours minute minutes time long longer
    longest consecutive straight aboard onboard
    """.split()
)
SPENT_WHERE: frozenset[tuple[str, str]] = frozenset(
    [("in", "space"), ("in", "orbit"), ("up", "there"), ("on", "board")]
)

#: "Back" is filler ("back in 98") except after a verb of carrying: what a ship can "bring
#: back" (or "bring cargo back") it returns to Earth, which only Dragon of the cargo ships does.
CARRY: frozenset[str] = frozenset(
    """
    bring brings bringing brought carry carries carried carrying ferry ferries ferried
    haul hauls hauled hauling send sends sent sending
    """.split()
)
#: How many words may stand between the verb of carrying and "back" ("bring the cargo back").
CARRY_REACH = 3

#: Attributes a question may ask for, and the words of which at least one an answer that gives
#: the attribute uses. An entry that uses none of them is marked down for such a question:
#: "how heavy is the Destiny lab" is not answered by when Destiny arrived. Keep to attributes
#: whose evidence is unmistakable; "how fast" (speed or quickness) does not belong here.
ATTRIBUTES: dict[str, str] = {
    "mass": "mass ton kilogram pound",
    "altitude": "altitude kilometres miles",
    "age": "age oldest youngest born birthday",
    "born": "born birth birthday",
    "birthday": "born birth birthday",
    "die": "die died death dead killed fatal",
    "died": "die died death dead killed fatal",
    "death": "die died death dead killed fatal",
    "rocket": "rocket proton falcon atlas saturn ariane antares",
    "cost": "cost dollars billion million euros",
    "command": "command",
}
