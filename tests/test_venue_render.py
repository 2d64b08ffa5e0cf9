"""The default venue rendered on the GL path: the main forum's stage screen shows where expected."""
from engine.platform.headless import Headless


def test_main_forum_view_finds_the_stage_screen(gl):
    from engine.venue import open_scene
    venue = open_scene(None)
    with Headless(160, 90) as view:
        img = view.render(venue.scene, venue.view_camera("main-forum-stage", fov_y=50)).astype(int)
    # The centre screen hangs above the stage, straight ahead: deep blue, unlit.
    r, g, b = img[int(90 * 0.42), 80, :3]
    assert b > 70 and b > r + 40 and b > g + 20, (r, g, b)
    # Seats fill the lower half in the forum's blue; the ceiling above is neither sky nor screen.
    assert img[80, 80, 2] > img[80, 80, 0]
    assert img[3, 80, 2] < 200
