import boto3

dynamodb = boto3.client("dynamodb")


def handler(event, context):
    dynamodb.put_item(TableName=event["table"], Item={"pk": {"S": event["pk"]}, "value": {"S": event["value"]}})
    item = dynamodb.get_item(TableName=event["table"], Key={"pk": {"S": event["pk"]}}, ConsistentRead=True)["Item"]
    return {"pk": item["pk"]["S"], "value": item["value"]["S"]}
