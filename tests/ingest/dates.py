"""Date lines the readers of page dumps and HTML share in their tests."""

#: Relative comment dates as Spanish, Portuguese, French and German sites print them.
OTHER_LANGUAGE_DATES = [
    "hace 2 horas",
    "hace 3 días",
    "hace un mes",
    "ayer",
    "ayer a las 21:40",
    "há 2 dias",
    "há uma hora",
    "ontem",
    "il y a 3 jours",
    "il y a une heure",
    "hier",
    "hier à 21h40",
    "hier à 21h",
    "ayer a las 9:40 p. m.",
    "ontem às 9:40 PM",
    "vor 2 Stunden",
    "vor 3 Tagen",
    "vor einer Stunde",
    "gestern",
    "gestern um 21:40",
]
