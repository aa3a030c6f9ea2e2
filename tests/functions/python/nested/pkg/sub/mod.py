def main(event, context):
    return {"nested": True, "module": __name__}
