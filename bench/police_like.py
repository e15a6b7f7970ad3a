"""The police-like categories the synthetic benches draw from: real levels, seasons and noise."""

# name, Lancashire monthly mean (2022), Met seasonal amplitude and peak month (1-12), Met
# extra-Poisson noise (coefficient of variation from the screened moving range of the seasonally
# adjusted 2023-2025 series, net of Poisson noise), division shares East / South / West
# (Lancashire 2022).
CATEGORIES = [
    ("anti-social-behaviour", 4894, 0.174, 7, 0.044, (0.360, 0.291, 0.349)),
    ("bicycle-theft", 100, 0.254, 7, 0.062, (0.160, 0.460, 0.380)),
    ("burglary", 658, 0.081, 11, 0.045, (0.355, 0.305, 0.340)),
    ("criminal-damage-arson", 1425, 0.071, 7, 0.035, (0.360, 0.297, 0.343)),
    ("drugs", 226, 0.030, 8, 0.063, (0.352, 0.255, 0.393)),
    ("other-crime", 305, 0.032, 7, 0.062, (0.352, 0.313, 0.335)),
    ("other-theft", 1002, 0.058, 10, 0.056, (0.367, 0.289, 0.344)),
    ("possession-of-weapons", 123, 0.089, 7, 0.078, (0.326, 0.300, 0.374)),
    ("public-order", 873, 0.114, 7, 0.054, (0.384, 0.269, 0.347)),
    ("robbery", 88, 0.016, 10, 0.042, (0.289, 0.286, 0.425)),
    ("shoplifting", 701, 0.100, 7, 0.041, (0.364, 0.287, 0.349)),
    ("theft-from-the-person", 100, 0.109, 1, 0.067, (0.328, 0.233, 0.439)),
    ("vehicle-crime", 645, 0.033, 10, 0.040, (0.391, 0.309, 0.300)),
    ("violent-crime", 5575, 0.056, 7, 0.045, (0.370, 0.281, 0.349)),
]
