using System.Runtime.InteropServices;

namespace BpfSharp.Compiler.Llvm;

/// <summary>
/// The slice of the LLVM 19 C API the code generator uses. Handles are raw pointers; their owners are the wrapper
/// classes in this folder (<see cref="LlvmContext"/>, <see cref="LlvmModule"/>, ...), which dispose them.
/// </summary>
internal static unsafe partial class LlvmApi
{
    private const string Lib = "libLLVM.so.19.1";

    // Context and diagnostics
    [LibraryImport(Lib)] internal static partial nint LLVMContextCreate();
    [LibraryImport(Lib)] internal static partial void LLVMContextDispose(nint context);
    [LibraryImport(Lib)] internal static partial void LLVMContextSetDiagnosticHandler(nint context, delegate* unmanaged[Cdecl]<nint, nint, void> handler, nint diagnosticContext);
    [LibraryImport(Lib)] internal static partial nint LLVMGetDiagInfoDescription(nint diagnostic);
    [LibraryImport(Lib)] internal static partial int LLVMGetDiagInfoSeverity(nint diagnostic);
    [LibraryImport(Lib)] internal static partial void LLVMDisposeMessage(nint message);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial uint LLVMGetMDKindIDInContext(nint context, string name, uint length);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial uint LLVMGetEnumAttributeKindForName(string name, nuint length);
    [LibraryImport(Lib)] internal static partial nint LLVMCreateEnumAttribute(nint context, uint kind, ulong value);
    [LibraryImport(Lib)] internal static partial nint LLVMGetErrorMessage(nint error);
    [LibraryImport(Lib)] internal static partial void LLVMDisposeErrorMessage(nint message);

    // Module
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial nint LLVMModuleCreateWithNameInContext(string name, nint context);
    [LibraryImport(Lib)] internal static partial void LLVMDisposeModule(nint module);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial void LLVMSetTarget(nint module, string triple);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial void LLVMSetDataLayout(nint module, string layout);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial void LLVMSetSourceFileName(nint module, string name, nuint length);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial void LLVMAddModuleFlag(nint module, int behavior, string key, nuint keyLength, nint value);
    [LibraryImport(Lib)] internal static partial int LLVMVerifyModule(nint module, int action, out nint message);
    [LibraryImport(Lib)] internal static partial nint LLVMPrintModuleToString(nint module);

    // Types
    [LibraryImport(Lib)] internal static partial nint LLVMInt1TypeInContext(nint context);
    [LibraryImport(Lib)] internal static partial nint LLVMInt8TypeInContext(nint context);
    [LibraryImport(Lib)] internal static partial nint LLVMInt16TypeInContext(nint context);
    [LibraryImport(Lib)] internal static partial nint LLVMInt32TypeInContext(nint context);
    [LibraryImport(Lib)] internal static partial nint LLVMInt64TypeInContext(nint context);
    [LibraryImport(Lib)] internal static partial nint LLVMVoidTypeInContext(nint context);
    [LibraryImport(Lib)] internal static partial nint LLVMPointerTypeInContext(nint context, uint addressSpace);
    [LibraryImport(Lib)] internal static partial nint LLVMArrayType2(nint elementType, ulong count);
    [LibraryImport(Lib)] internal static partial nint LLVMStructTypeInContext(nint context, nint* elements, uint count, int packed);
    [LibraryImport(Lib)] internal static partial nint LLVMFunctionType(nint returnType, nint* parameters, uint count, int isVarArg);
    [LibraryImport(Lib)] internal static partial nint LLVMTypeOf(nint value);
    [LibraryImport(Lib)] internal static partial uint LLVMGetIntTypeWidth(nint type);

    // Constants and globals
    [LibraryImport(Lib)] internal static partial nint LLVMConstInt(nint type, ulong value, int signExtend);
    [LibraryImport(Lib)] internal static partial nint LLVMConstNull(nint type);
    [LibraryImport(Lib)] internal static partial int LLVMIsConstant(nint value);
    [LibraryImport(Lib)] internal static partial ulong LLVMConstIntGetZExtValue(nint constant);
    [LibraryImport(Lib)] internal static partial nint LLVMConstIntToPtr(nint value, nint type);
    [LibraryImport(Lib)] internal static partial nint LLVMConstStringInContext2(nint context, byte* bytes, nuint length, int dontNullTerminate);
    [LibraryImport(Lib)] internal static partial nint LLVMConstStructInContext(nint context, nint* values, uint count, int packed);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial nint LLVMAddGlobal(nint module, nint type, string name);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial nint LLVMAddFunction(nint module, string name, nint functionType);
    [LibraryImport(Lib)] internal static partial void LLVMSetInitializer(nint global, nint value);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial void LLVMSetSection(nint global, string section);
    [LibraryImport(Lib)] internal static partial void LLVMSetLinkage(nint global, int linkage);
    [LibraryImport(Lib)] internal static partial void LLVMSetAlignment(nint value, uint bytes);
    [LibraryImport(Lib)] internal static partial void LLVMSetGlobalConstant(nint global, int isConstant);
    [LibraryImport(Lib)] internal static partial void LLVMSetVolatile(nint memoryAccess, int isVolatile);
    [LibraryImport(Lib)] internal static partial void LLVMGlobalSetMetadata(nint global, uint kind, nint metadata);
    [LibraryImport(Lib)] internal static partial nint LLVMGetParam(nint function, uint index);
    [LibraryImport(Lib)] internal static partial void LLVMAddAttributeAtIndex(nint function, uint index, nint attribute);
    [LibraryImport(Lib)] internal static partial void LLVMAddCallSiteAttribute(nint call, uint index, nint attribute);
    [LibraryImport(Lib)] internal static partial void LLVMSetSubprogram(nint function, nint subprogram);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial nuint LLVMLookupIntrinsicID(string name, nuint length);
    [LibraryImport(Lib)] internal static partial nint LLVMGetIntrinsicDeclaration(nint module, uint id, nint* parameterTypes, nuint count);
    [LibraryImport(Lib)] internal static partial nint LLVMValueAsMetadata(nint value);

    // IR inspection (after optimisation)
    [LibraryImport(Lib)] internal static partial nint LLVMGetFirstFunction(nint module);
    [LibraryImport(Lib)] internal static partial nint LLVMGetNextFunction(nint function);
    [LibraryImport(Lib)] internal static partial nint LLVMGetFirstBasicBlock(nint function);
    [LibraryImport(Lib)] internal static partial nint LLVMGetNextBasicBlock(nint block);
    [LibraryImport(Lib)] internal static partial nint LLVMGetFirstInstruction(nint block);
    [LibraryImport(Lib)] internal static partial nint LLVMGetNextInstruction(nint instruction);
    [LibraryImport(Lib)] internal static partial int LLVMGetInstructionOpcode(nint instruction);
    [LibraryImport(Lib)] internal static partial nint LLVMGetOperand(nint user, uint index);
    [LibraryImport(Lib)] internal static partial int LLVMGetNumOperands(nint user);
    [LibraryImport(Lib)] internal static partial uint LLVMGetAlignment(nint value);
    [LibraryImport(Lib)] internal static partial int LLVMGetTypeKind(nint type);
    [LibraryImport(Lib)] internal static partial nint LLVMIsAInstruction(nint value);
    [LibraryImport(Lib)] internal static partial nint LLVMIsAConstantPointerNull(nint value);
    [LibraryImport(Lib)] internal static partial nint LLVMIsAConstantInt(nint value);
    [LibraryImport(Lib)] internal static partial nint LLVMGetCalledValue(nint call);
    [LibraryImport(Lib)] internal static partial uint LLVMGetIntrinsicID(nint function);

    // Blocks and builder
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial nint LLVMAppendBasicBlockInContext(nint context, nint function, string name);
    [LibraryImport(Lib)] internal static partial nint LLVMCreateBuilderInContext(nint context);
    [LibraryImport(Lib)] internal static partial void LLVMDisposeBuilder(nint builder);
    [LibraryImport(Lib)] internal static partial void LLVMPositionBuilderAtEnd(nint builder, nint block);
    [LibraryImport(Lib)] internal static partial void LLVMSetCurrentDebugLocation2(nint builder, nint location);
    [LibraryImport(Lib)] internal static partial nint LLVMBuildAlloca(nint builder, nint type, byte* name);
    [LibraryImport(Lib)] internal static partial nint LLVMBuildLoad2(nint builder, nint type, nint pointer, byte* name);
    [LibraryImport(Lib)] internal static partial nint LLVMBuildStore(nint builder, nint value, nint pointer);
    [LibraryImport(Lib)] internal static partial nint LLVMBuildGEP2(nint builder, nint type, nint pointer, nint* indices, uint count, byte* name);
    [LibraryImport(Lib)] internal static partial nint LLVMBuildAdd(nint builder, nint lhs, nint rhs, byte* name);
    [LibraryImport(Lib)] internal static partial nint LLVMBuildSub(nint builder, nint lhs, nint rhs, byte* name);
    [LibraryImport(Lib)] internal static partial nint LLVMBuildMul(nint builder, nint lhs, nint rhs, byte* name);
    [LibraryImport(Lib)] internal static partial nint LLVMBuildUDiv(nint builder, nint lhs, nint rhs, byte* name);
    [LibraryImport(Lib)] internal static partial nint LLVMBuildURem(nint builder, nint lhs, nint rhs, byte* name);
    [LibraryImport(Lib)] internal static partial nint LLVMBuildAnd(nint builder, nint lhs, nint rhs, byte* name);
    [LibraryImport(Lib)] internal static partial nint LLVMBuildOr(nint builder, nint lhs, nint rhs, byte* name);
    [LibraryImport(Lib)] internal static partial nint LLVMBuildXor(nint builder, nint lhs, nint rhs, byte* name);
    [LibraryImport(Lib)] internal static partial nint LLVMBuildShl(nint builder, nint lhs, nint rhs, byte* name);
    [LibraryImport(Lib)] internal static partial nint LLVMBuildLShr(nint builder, nint lhs, nint rhs, byte* name);
    [LibraryImport(Lib)] internal static partial nint LLVMBuildAShr(nint builder, nint lhs, nint rhs, byte* name);
    [LibraryImport(Lib)] internal static partial nint LLVMBuildNeg(nint builder, nint value, byte* name);
    [LibraryImport(Lib)] internal static partial nint LLVMBuildNot(nint builder, nint value, byte* name);
    [LibraryImport(Lib)] internal static partial nint LLVMBuildICmp(nint builder, int predicate, nint lhs, nint rhs, byte* name);
    [LibraryImport(Lib)] internal static partial nint LLVMBuildZExt(nint builder, nint value, nint type, byte* name);
    [LibraryImport(Lib)] internal static partial nint LLVMBuildSExt(nint builder, nint value, nint type, byte* name);
    [LibraryImport(Lib)] internal static partial nint LLVMBuildTrunc(nint builder, nint value, nint type, byte* name);
    [LibraryImport(Lib)] internal static partial nint LLVMBuildIntToPtr(nint builder, nint value, nint type, byte* name);
    [LibraryImport(Lib)] internal static partial nint LLVMBuildPtrToInt(nint builder, nint value, nint type, byte* name);
    [LibraryImport(Lib)] internal static partial nint LLVMBuildExtractValue(nint builder, nint aggregate, uint index, byte* name);
    [LibraryImport(Lib)] internal static partial nint LLVMBuildSelect(nint builder, nint condition, nint then, nint otherwise, byte* name);
    [LibraryImport(Lib)] internal static partial nint LLVMBuildBr(nint builder, nint destination);
    [LibraryImport(Lib)] internal static partial nint LLVMBuildCondBr(nint builder, nint condition, nint then, nint otherwise);
    [LibraryImport(Lib)] internal static partial nint LLVMBuildRet(nint builder, nint value);
    [LibraryImport(Lib)] internal static partial nint LLVMBuildRetVoid(nint builder);
    [LibraryImport(Lib)] internal static partial nint LLVMBuildUnreachable(nint builder);
    [LibraryImport(Lib)] internal static partial nint LLVMBuildCall2(nint builder, nint functionType, nint function, nint* arguments, uint count, byte* name);
    [LibraryImport(Lib)] internal static partial nint LLVMBuildMemSet(nint builder, nint pointer, nint value, nint length, uint align);
    [LibraryImport(Lib)] internal static partial nint LLVMBuildMemCpy(nint builder, nint destination, uint destinationAlign, nint source, uint sourceAlign, nint size);
    [LibraryImport(Lib)] internal static partial nint LLVMBuildAtomicRMW(nint builder, int operation, nint pointer, nint value, int ordering, int singleThread);
    [LibraryImport(Lib)] internal static partial nint LLVMBuildAtomicCmpXchg(nint builder, nint pointer, nint comparand, nint value, int successOrdering, int failureOrdering, int singleThread);
    [LibraryImport(Lib)] internal static partial nint LLVMGetInlineAsm(nint type, byte* asmString, nuint asmStringLength, byte* constraints, nuint constraintsLength, int hasSideEffects, int isAlignStack, int dialect, int canThrow);

    // Debug info
    [LibraryImport(Lib)] internal static partial nint LLVMCreateDIBuilder(nint module);
    [LibraryImport(Lib)] internal static partial void LLVMDisposeDIBuilder(nint builder);
    [LibraryImport(Lib)] internal static partial void LLVMDIBuilderFinalize(nint builder);
    [LibraryImport(Lib)] internal static partial nint LLVMDIBuilderCreateCompileUnit(nint builder, int language, nint file, byte* producer, nuint producerLength, int isOptimized, byte* flags, nuint flagsLength, uint runtimeVersion, byte* splitName, nuint splitNameLength, int kind, uint dwoId, int splitDebugInlining, int debugInfoForProfiling, byte* sysRoot, nuint sysRootLength, byte* sdk, nuint sdkLength);
    [LibraryImport(Lib)] internal static partial nint LLVMDIBuilderCreateFile(nint builder, byte* name, nuint nameLength, byte* directory, nuint directoryLength);
    [LibraryImport(Lib)] internal static partial nint LLVMDIBuilderCreateFunction(nint builder, nint scope, byte* name, nuint nameLength, byte* linkageName, nuint linkageNameLength, nint file, uint line, nint type, int isLocalToUnit, int isDefinition, uint scopeLine, int flags, int isOptimized);
    [LibraryImport(Lib)] internal static partial nint LLVMDIBuilderCreateSubroutineType(nint builder, nint file, nint* parameterTypes, uint count, int flags);
    [LibraryImport(Lib)] internal static partial nint LLVMDIBuilderCreateBasicType(nint builder, byte* name, nuint nameLength, ulong sizeInBits, uint encoding, int flags);
    [LibraryImport(Lib)] internal static partial nint LLVMDIBuilderCreatePointerType(nint builder, nint pointee, ulong sizeInBits, uint alignInBits, uint addressSpace, byte* name, nuint nameLength);
    [LibraryImport(Lib)] internal static partial nint LLVMDIBuilderCreateStructType(nint builder, nint scope, byte* name, nuint nameLength, nint file, uint line, ulong sizeInBits, uint alignInBits, int flags, nint derivedFrom, nint* elements, uint count, uint runtimeLanguage, nint vtableHolder, byte* uniqueId, nuint uniqueIdLength);
    [LibraryImport(Lib)] internal static partial nint LLVMDIBuilderCreateMemberType(nint builder, nint scope, byte* name, nuint nameLength, nint file, uint line, ulong sizeInBits, uint alignInBits, ulong offsetInBits, int flags, nint type);
    [LibraryImport(Lib)] internal static partial nint LLVMDIBuilderCreateArrayType(nint builder, ulong sizeInBits, uint alignInBits, nint elementType, nint* subscripts, uint count);
    [LibraryImport(Lib)] internal static partial nint LLVMDIBuilderGetOrCreateSubrange(nint builder, long lowerBound, long count);
    [LibraryImport(Lib)] internal static partial nint LLVMDIBuilderCreateEnumerator(nint builder, byte* name, nuint nameLength, long value, int isUnsigned);
    [LibraryImport(Lib)] internal static partial nint LLVMDIBuilderCreateEnumerationType(nint builder, nint scope, byte* name, nuint nameLength, nint file, uint line, ulong sizeInBits, uint alignInBits, nint* elements, uint count, nint underlyingType);
    [LibraryImport(Lib)] internal static partial nint LLVMDIBuilderCreateForwardDecl(nint builder, uint tag, byte* name, nuint nameLength, nint scope, nint file, uint line, uint runtimeLanguage, ulong sizeInBits, uint alignInBits, byte* uniqueId, nuint uniqueIdLength);
    [LibraryImport(Lib)] internal static partial nint LLVMDIBuilderCreateExpression(nint builder, ulong* operations, nuint count);
    [LibraryImport(Lib)] internal static partial nint LLVMDIBuilderCreateGlobalVariableExpression(nint builder, nint scope, byte* name, nuint nameLength, byte* linkage, nuint linkageLength, nint file, uint line, nint type, int isLocalToUnit, nint expression, nint declaration, uint alignInBits);
    [LibraryImport(Lib)] internal static partial nint LLVMDIBuilderCreateParameterVariable(nint builder, nint scope, byte* name, nuint nameLength, uint argumentNumber, nint file, uint line, nint type, int alwaysPreserve, int flags);
    [LibraryImport(Lib)] internal static partial nint LLVMDIBuilderCreateDebugLocation(nint context, uint line, uint column, nint scope, nint inlinedAt);

    // Target, passes, object emission
    [LibraryImport(Lib)] internal static partial void LLVMInitializeBPFTargetInfo();
    [LibraryImport(Lib)] internal static partial void LLVMInitializeBPFTarget();
    [LibraryImport(Lib)] internal static partial void LLVMInitializeBPFTargetMC();
    [LibraryImport(Lib)] internal static partial void LLVMInitializeBPFAsmPrinter();
    [LibraryImport(Lib)] internal static partial void LLVMInitializeBPFAsmParser();
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial int LLVMGetTargetFromTriple(string triple, out nint target, out nint errorMessage);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial nint LLVMCreateTargetMachine(nint target, string triple, string cpu, string features, int level, int relocMode, int codeModel);
    [LibraryImport(Lib)] internal static partial void LLVMDisposeTargetMachine(nint machine);
    [LibraryImport(Lib)] internal static partial int LLVMTargetMachineEmitToMemoryBuffer(nint machine, nint module, int fileType, out nint errorMessage, out nint buffer);
    [LibraryImport(Lib)] internal static partial nint LLVMGetBufferStart(nint buffer);
    [LibraryImport(Lib)] internal static partial nuint LLVMGetBufferSize(nint buffer);
    [LibraryImport(Lib)] internal static partial void LLVMDisposeMemoryBuffer(nint buffer);
    [LibraryImport(Lib)] internal static partial nint LLVMCreatePassBuilderOptions();
    [LibraryImport(Lib)] internal static partial void LLVMDisposePassBuilderOptions(nint options);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial nint LLVMRunPasses(nint module, string passes, nint machine, nint options);

    /// <summary>Reads and frees a message string that LLVM allocated with <c>malloc</c> (LLVMDisposeMessage).</summary>
    internal static string TakeMessage(nint message)
    {
        if (message == 0) return "";
        try { return Marshal.PtrToStringUTF8(message) ?? ""; }
        finally { LLVMDisposeMessage(message); }
    }
}
