/**
 * The few TensorFlow protobuf messages a TensorBoard event file's scalars need (tensorflow/core/util/
 * event.proto, framework/summary.proto, tensor.proto, tensor_shape.proto), declared at their upstream
 * field numbers and built at run time by @bufbuild/protobuf — no generated code, no eval. Fields we do
 * not read are left out: protobuf skips unknown fields.
 */
import { create, createFileRegistry, type DescMessage, type MessageInitShape } from '@bufbuild/protobuf';
import { type DescriptorProtoSchema, FieldDescriptorProto_Label as Label, FieldDescriptorProto_Type as Type, FileDescriptorProtoSchema } from '@bufbuild/protobuf/wkt';

/** A field: name, upstream number, type, message type name, repeated, index of its oneof. */
type Field = [name: string, number: number, type: Type, typeName?: string, repeated?: boolean, oneof?: number];

type MessageInit = MessageInitShape<typeof DescriptorProtoSchema>;

function message(name: string, fields: Field[], nested: MessageInit[] = [], oneofs: string[] = []): MessageInit {
  return {
    name,
    field: fields.map(([fieldName, number, type, typeName, repeated, oneofIndex]) => ({
      name: fieldName,
      number,
      type,
      typeName,
      label: repeated ? Label.REPEATED : Label.OPTIONAL,
      jsonName: fieldName,
      oneofIndex,
    })),
    nestedType: nested,
    oneofDecl: oneofs.map((oneof) => ({ name: oneof })),
  };
}

const file = create(FileDescriptorProtoSchema, {
  name: 'scaling_laws_tensorboard.proto',
  package: 'tensorboard',
  syntax: 'proto3',
  messageType: [
    message('Event', [
      ['wall_time', 1, Type.DOUBLE],
      ['step', 2, Type.INT64],
      ['file_version', 3, Type.STRING],
      ['summary', 5, Type.MESSAGE, '.tensorboard.Summary'],
    ]),
    message(
      'Summary',
      [['value', 1, Type.MESSAGE, '.tensorboard.Summary.Value', true]],
      [
        // Upstream's `oneof value` tells a logged 0.0 from a tensor summary's absent simple_value.
        message(
          'Value',
          [
            ['tag', 1, Type.STRING],
            ['simple_value', 2, Type.FLOAT, undefined, false, 0],
            ['tensor', 8, Type.MESSAGE, '.tensorboard.TensorProto', false, 0],
            ['metadata', 9, Type.MESSAGE, '.tensorboard.SummaryMetadata'],
          ],
          [],
          ['value'],
        ),
      ],
    ),
    message('SummaryMetadata', [['plugin_data', 1, Type.MESSAGE, '.tensorboard.SummaryMetadata.PluginData']], [message('PluginData', [['plugin_name', 1, Type.STRING]])]),
    message('TensorShapeProto', [['dim', 2, Type.MESSAGE, '.tensorboard.TensorShapeProto.Dim', true]], [message('Dim', [['size', 1, Type.INT64]])]),
    message('TensorProto', [
      // DataType is an enum upstream; as int32 it reads the same varint without declaring the enum.
      ['dtype', 1, Type.INT32],
      ['tensor_shape', 2, Type.MESSAGE, '.tensorboard.TensorShapeProto'],
      ['tensor_content', 4, Type.BYTES],
      ['float_val', 5, Type.FLOAT, undefined, true],
      ['double_val', 6, Type.DOUBLE, undefined, true],
      ['int_val', 7, Type.INT32, undefined, true],
      ['int64_val', 10, Type.INT64, undefined, true],
      ['half_val', 13, Type.INT32, undefined, true],
    ]),
  ],
});

const registry = createFileRegistry(file, () => undefined);

function messageDesc(name: string): DescMessage {
  const desc = registry.getMessage(`tensorboard.${name}`);
  if (!desc) throw new Error(`tensorboard.${name} missing from the event file descriptors`);
  return desc;
}

export const EventDesc = messageDesc('Event');

/** TensorFlow DataType numbers of the scalar types a summary tensor holds. */
export const DataType = { FLOAT: 1, DOUBLE: 2, INT32: 3, INT64: 9, BFLOAT16: 14, HALF: 19 } as const;

/** The decoded shapes (reflection gives plain objects with these fields; int64 as bigint). */
export interface TensorMessage {
  dtype: number;
  tensorShape?: { dim: Array<{ size: bigint }> };
  tensorContent: Uint8Array;
  floatVal: number[];
  doubleVal: number[];
  intVal: number[];
  int64Val: bigint[];
  halfVal: number[];
}

export interface EventMessage {
  wallTime: number;
  step: bigint;
  fileVersion: string;
  summary?: { value: SummaryValue[] };
}

export interface SummaryValue {
  tag: string;
  value: { case: 'simpleValue'; value: number } | { case: 'tensor'; value: TensorMessage } | { case: undefined; value?: undefined };
  metadata?: { pluginData?: { pluginName: string } };
}
