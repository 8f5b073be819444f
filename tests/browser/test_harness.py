"""The harness itself: a page error, a console error and a request to another host each fail
a test; the guard aborts the remote request so nothing leaves the machine."""


def test_it_serves_the_login_page_through_the_live_server(page):
    response = page.goto("/login/")
    assert response.status == 200
    assert page.locator("h1").inner_text() == "Log in to the service desk"
    assert page.recorder.requests[0].endswith("/login/")
    assert page.recorder.problems() == []
