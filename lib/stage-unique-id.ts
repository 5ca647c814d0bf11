// A construct's unique id (Names.nodeUniqueId) as if its stack were made directly in its Stage. aws-cdk-lib names
// some resources from the whole path of a construct in the app (an EventBridge rule's permission to invoke a
// function, its dead-letter queue's statement), so the same stack made one level down, under the OktaSynthetics
// construct, would rename them and CloudFormation would replace them: from this id, a stack made by the construct
// at an App's root names them as a clone's app did (docs/decisions/construct-library.md).
import { Names, Stack, Stage } from 'aws-cdk-lib';
import { Construct, type IConstruct } from 'constructs';

/** Names.nodeUniqueId of `construct`, the constructs between its stack and the stack's Stage left out. */
export function stageUniqueId(construct: IConstruct): string {
  const stack = Stack.of(construct);
  const stage = Stage.of(stack);
  const above = stage === undefined ? [] : stage.node.scopes.slice(1).map((scope) => scope.node.id);
  const below = construct.node.scopes.slice(construct.node.scopes.indexOf(stack)).map((scope) => scope.node.id);
  // Names.nodeUniqueId reads a node's path: the same ids chained under a bare root make the path it is to read.
  const leaf = [...above, ...below].reduce<Construct>((scope, id) => new Construct(scope, id), new RootOfPath());
  return Names.nodeUniqueId(leaf.node);
}

/** The root of a path made only to be read. */
class RootOfPath extends Construct {
  constructor() {
    super(undefined as unknown as Construct, '');
  }
}
