"""What each stored figure is, as every output labels it: sources are different measures of
crime and are never added together."""

HOME_OFFICE = "police recorded crime (Home Office)"
STREET_LEVEL = "police.uk street-level"
LONG_FORMAT = "the force's own figures (long-format)"
