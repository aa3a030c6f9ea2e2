import boto3

sqs = boto3.client("sqs")


def handler(event, context):
    sent = sqs.send_message(QueueUrl=event["queue_url"], MessageBody=event["body"])
    attributes = sqs.get_queue_attributes(QueueUrl=event["queue_url"], AttributeNames=["QueueArn"])
    return {"message_id": sent["MessageId"], "queue_arn": attributes["Attributes"]["QueueArn"]}
