"""The shim's adaptation to next_gen, on its own (pure logic: no LocalStack process)."""

import pytest

from localstack_ws_ext.shim.lambda_invoke import function_arn

ARN = "arn:aws:lambda:us-east-1:000000000000:function:chat"


@pytest.mark.parametrize(
    "uri, stage_variables, expected",
    [
        (f"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{ARN}/invocations", {}, ARN),
        (
            "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
            "arn:aws:lambda:us-east-1:000000000000:function:${stageVariables.fn}/invocations",
            {"fn": "chat-dev"},
            "arn:aws:lambda:us-east-1:000000000000:function:chat-dev",
        ),
        (f"{ARN}:live", {}, f"{ARN}:live"),  # a bare function ARN, as CDK and LocalStack accept
    ],
)
def test_function_arn_from_integration_uri(uri, stage_variables, expected):
    assert function_arn(uri, stage_variables) == expected


def test_each_template_is_parsed_once_and_rendered_anew():
    from localstack_ws_ext.shim import templates

    template = '#set($n = $input.path("$.n"))#foreach($i in [1..$n])$context.connectionId:$i;#end'
    parsed_before = templates._parsed.cache_info()
    first = templates.render_template(template, {"connectionId": "a="}, {}, '{"n": 2}')
    second = templates.render_template(template, {"connectionId": "b="}, {}, '{"n": 3}')
    parsed_after = templates._parsed.cache_info()

    assert (first, second) == ("a=:1;a=:2;", "b=:1;b=:2;b=:3;")
    assert parsed_after.misses - parsed_before.misses == 1
    assert parsed_after.hits - parsed_before.hits == 1


def test_renders_outside_the_websocket_gateway_parse_as_before():
    import airspeed
    from localstack.utils.aws import templating

    from localstack_ws_ext.shim import templates  # noqa: F401 (installs the parse-once airspeed)

    assert type(templating.airspeed.Template("$x")) is airspeed.Template
    assert templating.airspeed.Template("$x").root_element is None  # not parsed ahead, not cached
