"""The attract tour: camera paths through the venue's halls and a lap of the circuit (pure maths).

`Tour(venue).at(t) -> TourFrame` (camera, captions, car pose, lap timer); `engine.tour.car.car_mesh()`
builds the car. No OpenGL and no pygame here: the viewer's kiosk mode and `python main.py tour` draw it.
"""
from engine.tour.lap import CarModel, CarPose, Lap, format_lap_time
from engine.tour.path import CIRCUIT, HALL, Tour, TourFrame, TourOptions, circuit_caption, hall_caption

__all__ = ["CIRCUIT", "HALL", "CarModel", "CarPose", "Lap", "Tour", "TourFrame", "TourOptions",
           "circuit_caption", "format_lap_time", "hall_caption"]
