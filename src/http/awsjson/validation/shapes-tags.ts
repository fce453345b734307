import { RESOURCE_ARN, TAG_KEY_OR_VALUE } from './patterns.js';
import { int, list, str, struct } from './shape.js';
import { NEXT_TOKEN } from './shapes-common.js';

/** `Tag`. */
export const Tag = struct(
  {
    Key: str({ min: 1, max: 128, pattern: TAG_KEY_OR_VALUE }),
    Value: str({ min: 0, max: 256, pattern: TAG_KEY_OR_VALUE }),
  },
  ['Key', 'Value'],
);

/** `TagList`: items 0..50. */
export const TagList = list(Tag, { min: 0, max: 50 });

/** `ResourceArn` of the tag operations. */
const ResourceArn = str({ min: 0, max: 256, pattern: RESOURCE_ARN });

export const AddTagsInput = struct(
  {
    ResourceArn,
    Tags: TagList,
  },
  ['ResourceArn', 'Tags'],
);

export const ListTagsInput = struct(
  {
    ResourceArn,
    NextToken: NEXT_TOKEN,
    // The model sets a minimum of 50 and no maximum.
    MaxResults: int({ min: 50 }),
  },
  ['ResourceArn'],
);

export const DeleteTagsInput = struct(
  {
    ResourceArn,
    TagKeys: list(str({ min: 1, max: 128, pattern: TAG_KEY_OR_VALUE }), { min: 1, max: 50 }),
  },
  ['ResourceArn', 'TagKeys'],
);
