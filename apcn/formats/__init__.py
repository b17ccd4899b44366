"""The network's own date formats where Django's default for a language does not suit a table
row: day before month everywhere (as every member state writes it), compact enough for a list.
Languages not here (th) use Django's formats as they are."""
